use clap::Parser;
use samlet_server::{Application, Config, session};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut config = Config::parse();
    if let Err(error) = config.read_secrets() {
        eprintln!("samlet-server: {error}");
        return std::process::ExitCode::FAILURE;
    }
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Standard output is for what a command prints (a token), not for the log.
    let log = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log_json.unwrap_or(!config.demo) {
        log.json().init();
    } else {
        log.init();
    }
    if let Some(command) = &config.command {
        return match samlet_server::run_command(&config, command).await {
            Ok(output) => {
                println!("{output}");
                std::process::ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("samlet-server: {error}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let app = match Application::build(config.clone()).await {
        Ok(app) => app,
        Err(error) => {
            eprintln!("samlet-server: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("Samlet kører på http://{}:{}/", config.bind, app.port());
    if config.demo {
        println!("Demo-tilstand: log ind med en af disse demokonti (ingen adgangskode):");
        match session::list_demo_accounts(&app.state().db).await {
            Ok(accounts) => {
                for account in accounts {
                    println!(
                        "  - {} ({:?}): {}",
                        account.name, account.kind, account.description
                    );
                }
            }
            Err(error) => eprintln!("samlet-server: could not list the demo accounts: {error}"),
        }
    }
    if let Err(error) = app.run().await {
        eprintln!("samlet-server: {error}");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}
