//! The `Idempotency-Key` header: a retried request with the same key returns what the
//! first one did instead of doing it twice.

use axum::http::HeaderMap;

use crate::error::AppError;

pub fn key(headers: &HeaderMap) -> Result<Option<String>, AppError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .map_err(|_| AppError::BadRequest("Idempotency-Key: kun ASCII".into()))?;
    // Letters, digits and dashes only: the key is matched with LIKE, where `%` and `_`
    // would be wildcards.
    if key.is_empty() || key.len() > 100 || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(AppError::BadRequest(
            "Idempotency-Key: 1 til 100 bogstaver, tal eller bindestreger".into(),
        ));
    }
    Ok(Some(key.to_owned()))
}
