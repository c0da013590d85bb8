//! The address a request comes from. Behind a load balancer every request arrives from the
//! balancer, so limits per address would lump all citizens together; the balancer's
//! `X-Forwarded-For` names the real client. That header is believed only when the request
//! comes from a proxy the operator trusts (`--trusted-proxy`): anyone else could write
//! any address in it and so escape the sign-in limit.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};
use ipnet::IpNet;

use crate::state::AppState;

/// The client's address of the request being handled, as [`client_address`] finds it.
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(ClientAddress(of_request(
            &parts.extensions,
            &parts.headers,
            &state.settings.trusted_proxies,
        )))
    }
}

/// [`client_address`] of a request, its peer taken from what the server recorded of the
/// connection (none in tests that call the router directly).
pub fn of_request(extensions: &Extensions, headers: &HeaderMap, trusted: &[IpNet]) -> Option<IpAddr> {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip());
    client_address(peer, headers, trusted)
}

/// Whether `address` is one of the proxies the operator trusts (`--trusted-proxy`): only
/// their `X-Forwarded-*` headers are believed, here and in the origin check (`csrf`).
pub fn is_trusted(address: &IpAddr, trusted: &[IpNet]) -> bool {
    trusted.iter().any(|net| net.contains(address))
}

/// Whether the request came straight from a trusted proxy (never, in tests that call the
/// router directly, which record no peer).
pub fn from_trusted_proxy(extensions: &Extensions, trusted: &[IpNet]) -> bool {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ConnectInfo(peer)| is_trusted(&peer.ip(), trusted))
}

/// The client's address: the peer itself, unless the peer is a trusted proxy. Then the
/// `X-Forwarded-For` list is read from the right (the entry the trusted proxy added) past
/// further trusted proxies, to the first address no trusted proxy owns.
pub fn client_address(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpNet]) -> Option<IpAddr> {
    let is_trusted = |address: &IpAddr| is_trusted(address, trusted);
    let peer = peer?;
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let mut forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    let mut client = peer;
    while let Some(entry) = forwarded.pop() {
        // An entry that is not an address ends the chain: what is left of it cannot be
        // told from a forgery.
        let Ok(address) = entry.parse::<IpAddr>() else {
            break;
        };
        client = address;
        if !is_trusted(&address) {
            break;
        }
    }
    Some(client)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let forged = headers(&["198.51.100.9"]);
        assert_eq!(client_address(ip("203.0.113.7"), &forged, &[]), ip("203.0.113.7"));
    }

    #[test]
    fn behind_a_trusted_balancer_the_client_is_the_address_it_added() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        // The client wrote a forged entry first; the balancer appended the real address.
        let chain = headers(&["198.51.100.9, 203.0.113.7"]);
        assert_eq!(
            client_address(ip("10.0.0.5"), &chain, &trusted),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn several_trusted_proxies_are_walked_past() {
        let trusted = ["10.0.0.0/8".parse().unwrap(), "192.0.2.0/24".parse().unwrap()];
        let chain = headers(&["203.0.113.7", "192.0.2.10, 10.1.1.1"]);
        assert_eq!(
            client_address(ip("10.0.0.5"), &chain, &trusted),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn a_request_from_outside_cannot_claim_to_be_forwarded() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        let forged = headers(&["10.0.0.5, 198.51.100.9"]);
        assert_eq!(
            client_address(ip("203.0.113.7"), &forged, &trusted),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn a_garbled_entry_stops_the_walk_at_the_last_good_address() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        let chain = headers(&["203.0.113.7, not-an-address, 10.2.2.2"]);
        assert_eq!(client_address(ip("10.0.0.5"), &chain, &trusted), ip("10.2.2.2"));
        assert_eq!(
            client_address(ip("10.0.0.5"), &headers(&[]), &trusted),
            ip("10.0.0.5")
        );
    }
}
