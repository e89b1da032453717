//! The client's IP address, for throttling: the socket peer, or, behind
//! reverse proxies, the right-most `X-Forwarded-For` hop that is not one of
//! our proxies.
//!
//! Each proxy appends the address it received the request from, so only the
//! right-hand end of the header was written by machines we trust; anything
//! to the left of the first untrusted hop is whatever the client chose to
//! send. Taking the left-most entry (as this once did) let a client pick its
//! own address: dodge the per-address limits, or get a victim's address
//! throttled. See `docs/sign-in-throttling.md` for how to configure it.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::{ApiError, AppState};

#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip());
        let Some(peer) = peer else {
            return Ok(ClientAddr(None));
        };
        if !state.config.trust_forwarded_for {
            return Ok(ClientAddr(Some(peer)));
        }
        let hops = forwarded_hops(&parts.headers);
        Ok(ClientAddr(Some(client_address(
            peer,
            &hops,
            &state.config.trusted_proxies,
        ))))
    }
}

/// Every `X-Forwarded-For` entry, left to right, over all such headers (a
/// proxy may add a header of its own rather than extend the last one).
fn forwarded_hops(headers: &HeaderMap) -> Vec<&str> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect()
}

/// The client as seen by our outermost trusted proxy: walking from the
/// socket peer leftwards through the forwarded hops, the first address that
/// is not a trusted proxy. With no proxies configured, only the peer itself
/// is trusted (one proxy in front). An entry that is not an address stops
/// the walk at the trusted hop that reported it, as does running out of
/// entries.
pub fn client_address(peer: IpAddr, forwarded: &[&str], trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr, is_peer: bool| {
        if trusted.is_empty() {
            is_peer
        } else {
            trusted.iter().any(|net| net.contains(ip))
        }
    };
    let mut current = peer;
    if !is_trusted(&peer, true) {
        return peer;
    }
    for hop in forwarded.iter().rev() {
        let Some(ip) = parse_hop(hop) else {
            return current;
        };
        current = ip;
        if !is_trusted(&ip, false) {
            return ip;
        }
    }
    current
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (some
/// proxies send `1.2.3.4:5678` or `[::1]:5678`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn with_one_proxy_the_right_most_entry_is_the_client() {
        let hops = ["6.6.6.6", "203.0.113.7"];
        assert_eq!(
            client_address(ip("10.0.0.2"), &hops, &[]),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn a_spoofed_left_most_entry_is_ignored() {
        let trusted = nets(&["10.0.0.0/8"]);
        let spoofed = ["1.1.1.1", "203.0.113.7", "10.0.0.5"];
        let honest = ["203.0.113.7", "10.0.0.5"];
        assert_eq!(
            client_address(ip("10.0.0.2"), &spoofed, &trusted),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_address(ip("10.0.0.2"), &honest, &trusted),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn a_peer_that_is_not_a_trusted_proxy_is_the_client_whatever_it_forwards() {
        let trusted = nets(&["10.0.0.0/8"]);
        assert_eq!(
            client_address(ip("198.51.100.9"), &["1.1.1.1"], &trusted),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn a_chain_of_trusted_proxies_is_walked_through() {
        let trusted = nets(&["10.0.0.0/8", "192.168.1.1/32"]);
        let hops = ["203.0.113.7", "192.168.1.1", "10.1.2.3"];
        assert_eq!(
            client_address(ip("10.0.0.2"), &hops, &trusted),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn garbage_stops_the_walk_at_the_hop_that_reported_it() {
        let trusted = nets(&["10.0.0.0/8"]);
        let hops = ["203.0.113.7", "not-an-ip", "10.0.0.5"];
        assert_eq!(
            client_address(ip("10.0.0.2"), &hops, &trusted),
            ip("10.0.0.5")
        );
        assert_eq!(client_address(ip("10.0.0.2"), &[], &[]), ip("10.0.0.2"));
    }

    #[test]
    fn entries_with_ports_and_ipv6_are_understood() {
        let hops = ["[2001:db8::1]:4711"];
        assert_eq!(
            client_address(ip("10.0.0.2"), &hops, &[]),
            ip("2001:db8::1")
        );
        let hops = ["203.0.113.7:80"];
        assert_eq!(
            client_address(ip("10.0.0.2"), &hops, &[]),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn several_headers_are_read_in_order() {
        let mut headers = HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_static("1.1.1.1, 2.2.2.2"),
        );
        headers.append("x-forwarded-for", HeaderValue::from_static("3.3.3.3"));
        assert_eq!(forwarded_hops(&headers), ["1.1.1.1", "2.2.2.2", "3.3.3.3"]);
    }
}
