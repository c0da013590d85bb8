//! Live updates: an open page hears at once that a citizen's messages changed (a new
//! message, one read, journalised or closed) and asks for them again. The event carries no
//! content, only that something changed, so nothing is served that the next request would
//! not check again.
//!
//! Each server keeps its open streams in one broadcast channel. With several servers on
//! PostgreSQL a change made on one must reach streams held by another, so a change is sent
//! with `NOTIFY` and every server `LISTEN`s and passes it on. On SQLite the change goes
//! straight into the channel, and an open stream also looks at the database every two
//! seconds for what another server on the same file changed.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use samlet_api::audit::Action;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

use crate::access::Acting;
use crate::db::{Backend, Db};
use crate::error::AppError;
use crate::state::AppState;

/// The PostgreSQL channel the servers tell one another on.
const CHANNEL: &str = "samlet_messages";

/// A stream ends after this long and the browser opens a new one, so a revoked grant or an
/// ended session stops it within minutes even if nothing happens.
const STREAM_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// This server's open streams, by the citizen whose messages changed.
#[derive(Clone)]
pub struct Live {
    sender: broadcast::Sender<i64>,
}

impl Default for Live {
    fn default() -> Self {
        // Room for a burst; a stream that falls behind is simply told "changed".
        let (sender, _) = broadcast::channel(1024);
        Self { sender }
    }
}

impl Live {
    /// Tells every server's open streams that `citizen_id`'s messages changed. Called
    /// after the change is committed. A failure to tell is logged, not returned: the change
    /// is made, and the pages ask again by themselves before long.
    pub async fn changed(&self, db: &Db, citizen_id: i64) {
        match Backend::of(db) {
            Backend::Sqlite => {
                let _ = self.sender.send(citizen_id);
            }
            Backend::Postgres => {
                let told = sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(citizen_id.to_string())
                    .execute(db)
                    .await;
                if let Err(error) = told {
                    tracing::warn!(%error, "could not tell the other servers about a message");
                }
            }
        }
    }

    /// On PostgreSQL, passes every server's changes to this server's streams, for as long
    /// as the server runs (reconnecting when the connection drops).
    pub fn listen(&self, db: &Db) {
        if Backend::of(db) != Backend::Postgres {
            return;
        }
        let url = db.connect_options().database_url.to_string();
        let sender = self.sender.clone();
        tokio::spawn(async move {
            loop {
                match listen_once(&url, &sender).await {
                    Ok(()) => return,
                    Err(error) => {
                        tracing::warn!(%error, "listening for messages on other servers failed; retrying");
                        tokio::time::sleep(Duration::from_secs(2)).await;
                    }
                }
            }
        });
    }
}

async fn listen_once(url: &str, sender: &broadcast::Sender<i64>) -> Result<(), sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    loop {
        // `recv` reconnects by itself after a dropped connection.
        let notification = listener.recv().await?;
        if let Ok(citizen_id) = notification.payload().parse::<i64>() {
            let _ = sender.send(citizen_id);
        }
    }
}

/// Follows changes to the messages, as server-sent events.
///
/// Each `changed` event says only that the reader's messages changed: ask for them again.
/// The stream ends after five minutes; the browser's `EventSource` opens a new one.
#[utoipa::path(
    get,
    path = "/messages/events",
    operation_id = "follow_messages",
    tag = "messages",
    responses((status = 200, description = "A stream of `changed` events", content_type = "text/event-stream", body = String))
)]
pub(super) async fn events(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    // Not logged: the stream carries no content; reading the thread is logged.
    let citizen_id = acting.permit(Action::ReadMessages)?.citizen_id;
    let mut follow = Follow {
        receiver: state.live.sender.subscribe(),
        // Another server on the same SQLite file cannot reach this one's channel; its
        // changes are found by looking (see `Follow::next`).
        db: (Backend::of(&state.db) == Backend::Sqlite).then(|| state.db.clone()),
        citizen_id,
        seen: None,
        until: tokio::time::Instant::now() + STREAM_LIFETIME,
    };
    follow.seen = follow.version().await;
    let stream = futures_util::stream::unfold(follow, |mut follow| async move {
        follow.next().await?;
        // Browsers drop an event without data, so it carries a word.
        Some((Ok(Event::default().event("changed").data("changed")), follow))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// One open stream: this server's channel, and on SQLite a look at the database every
/// couple of seconds.
struct Follow {
    receiver: broadcast::Receiver<i64>,
    db: Option<Db>,
    citizen_id: i64,
    seen: Option<(i64, i64, i64, i64)>,
    until: tokio::time::Instant,
}

/// How often a stream on SQLite looks for changes made by another server.
const LOOK_EVERY: Duration = Duration::from_secs(2);

impl Follow {
    /// Waits for the next change to the citizen's messages; `None` when the stream ends.
    async fn next(&mut self) -> Option<()> {
        loop {
            let look = tokio::time::Instant::now() + LOOK_EVERY;
            let wake = match self.db {
                Some(_) => look.min(self.until),
                None => self.until,
            };
            match tokio::time::timeout_at(wake, self.receiver.recv()).await {
                Ok(Ok(id)) if id != self.citizen_id => {}
                Ok(Ok(_) | Err(RecvError::Lagged(_))) => {
                    // Known now; the next look must not report it again.
                    self.seen = self.version().await;
                    return Some(());
                }
                Ok(Err(RecvError::Closed)) => return None,
                Err(_) if tokio::time::Instant::now() >= self.until => return None,
                Err(_) => {
                    let now = self.version().await;
                    let changed = self.seen.is_some() && now != self.seen;
                    self.seen = now.or(self.seen);
                    if changed {
                        return Some(());
                    }
                }
            }
        }
    }

    /// What changes when the citizen's messages do: how many there are, are read, are
    /// journalised, and how many threads are closed. Only on SQLite.
    async fn version(&self) -> Option<(i64, i64, i64, i64)> {
        let db = self.db.as_ref()?;
        sqlx::query_as(
            "SELECT COUNT(*), COUNT(read_at), COUNT(journalised_at),
                    (SELECT COUNT(closed_at) FROM message_threads WHERE citizen_id = $1)
             FROM messages WHERE citizen_id = $1",
        )
        .bind(self.citizen_id)
        .fetch_one(db)
        .await
        .ok()
    }
}

/// The most a tagged answer may be: a thread of the longest messages with their receipts.
const TAGGED_MAX_BYTES: usize = 16 * 1024 * 1024;

/// Middleware on the messages' reads, for the page that polls because it cannot keep a
/// stream open: each JSON answer gets an `ETag` (a hash of its bytes), and a request that
/// names the tag of the answer it already has gets `304 Not Modified` without a body. The
/// answer is still worked out and checked for this actor on every request (access, read
/// receipts, Min log), so the tag never serves what the actor may no longer see; what it
/// saves is sending the same thread again every few seconds to a phone.
pub async fn revalidate(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{HeaderValue, Method, StatusCode, header};
    use sha2::{Digest, Sha256};
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let known = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::OK || !json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, TAGGED_MAX_BYTES).await else {
        return axum::response::IntoResponse::into_response(AppError::Corrupt(
            "an answer too large to tag".into(),
        ));
    };
    let digest = Sha256::digest(&bytes);
    let tag = format!("\"{}\"", crate::documents::store::hex(&digest[..16]));
    let Ok(tag) = HeaderValue::from_str(&tag) else {
        return axum::response::Response::from_parts(parts, axum::body::Body::from(bytes));
    };
    let unchanged = known.as_ref().is_some_and(|known| known == tag);
    parts.headers.insert(header::ETAG, tag);
    if unchanged {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}
