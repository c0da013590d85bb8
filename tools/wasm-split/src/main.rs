//! `wasm-split-tool IN.wasm OUT_DIR MAIN_OUT.wasm MAIN_MODULE LINK_NAME`
//!
//! Splits cargo's wasm (linked with `--emit-relocs`) at the app's `#[wasm_split]` points
//! with `wasm_split_cli_support::transform`, the options cargo-leptos sets: the main module
//! goes to MAIN_OUT.wasm, each chunk and the `__wasm_split.js` loader to OUT_DIR, and the
//! prefetch map (split point -> chunk files) to OUT_DIR/__wasm_split_manifest.json.

use std::path::Path;
use std::process::ExitCode;

const VERSION: &str = concat!(
    "wasm-split-tool ",
    env!("CARGO_PKG_VERSION"),
    " (wasm_split_cli_support 0.2.4)"
);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--version") {
        println!("{VERSION}");
        return ExitCode::SUCCESS;
    }
    let [_, input, out_dir, main_out, main_module, link_name] = args.as_slice() else {
        eprintln!("usage: wasm-split-tool IN.wasm OUT_DIR MAIN_OUT.wasm MAIN_MODULE LINK_NAME");
        return ExitCode::from(2);
    };
    match split(input, Path::new(out_dir), Path::new(main_out), main_module, link_name) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("wasm-split-tool: {error}");
            ExitCode::FAILURE
        }
    }
}

fn split(
    input: &str,
    out_dir: &Path,
    main_out: &Path,
    main_module: &str,
    link_name: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let wasm = std::fs::read(input)?;
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = out_dir;
    options.main_out_path = main_out;
    options.main_module = main_module;
    options.link_name = link_name;
    options.verbose = std::env::var_os("WASM_SPLIT_VERBOSE").is_some();
    let split = wasm_split_cli_support::transform(options).map_err(|e| format!("{e:?}"))?;
    std::fs::write(
        out_dir.join("__wasm_split_manifest.json"),
        serde_json::to_string_pretty(&split.prefetch_map)?,
    )?;
    for module in &split.split_modules {
        eprintln!("wasm-split-tool: {}", module.display());
    }
    Ok(())
}
