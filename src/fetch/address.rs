//! Which network addresses the crawler may connect to, and how host names are resolved.
//!
//! citecheck fetches URLs taken from documents it did not write, so a URL can point inside
//! the network it runs in (a CI runner's cloud metadata service, a router's admin page).
//! Two rules protect against that, applied after DNS and on every redirect hop:
//!
//! * cloud metadata endpoints (169.254.169.254, fd00:ec2::254, …) are refused ALWAYS — no
//!   citation has a reason to point there, and they hand out credentials;
//! * with `deny_private` (`--deny-private`), loopback, private (RFC 1918, ULA), shared
//!   (RFC 6598), link-local, unspecified, multicast and broadcast addresses are refused too.
//!
//! `--resolve HOST=ADDR:PORT` overrides are the user's explicit choice, so their addresses
//! are trusted under `deny_private` (that is how tests and staging checks reach loopback);
//! only the metadata rule applies to them. Every other name, and every IP literal in a URL
//! or a redirect, is checked.
//!
//! Resolution itself is done here too (a `reqwest` DNS resolver) so that the check sees the
//! addresses the connection will really use, and so that an override's port is honoured
//! when the URL has none (`http://ikon.mn/x` with `ikon.mn=127.0.0.1:8080` goes to port
//! 8080: hyper keeps a resolved address's port unless the URL names one).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use thiserror::Error;

/// An address the crawler will not connect to.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error("refused to connect to {addr} ({why})")]
pub struct AddressRefused {
    /// The refused address.
    pub addr: IpAddr,
    /// Why: "cloud metadata endpoint", "loopback address (--deny-private)", ….
    pub why: String,
}

/// A host name that could not be resolved.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error("cannot resolve {host} ({reason})")]
pub struct DnsFailure {
    /// The name.
    pub host: String,
    /// The resolver's answer, in a few words ("Name or service not known").
    pub reason: String,
}

/// Cloud metadata and similar credential-bearing endpoints, refused whatever the flags.
const METADATA: [IpAddr; 6] = [
    IpAddr::V4(Ipv4Addr::new(169, 254, 169, 254)), // AWS, GCP, Azure, OpenStack, DigitalOcean
    IpAddr::V4(Ipv4Addr::new(169, 254, 170, 2)),   // AWS ECS task metadata
    IpAddr::V4(Ipv4Addr::new(100, 100, 100, 200)), // Alibaba Cloud
    IpAddr::V4(Ipv4Addr::new(192, 0, 0, 192)),     // Oracle Cloud
    IpAddr::V4(Ipv4Addr::new(168, 63, 129, 16)),   // Azure WireServer
    IpAddr::V6(Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)), // AWS IMDS over IPv6
];

/// The address as IPv4 when it is an IPv4-mapped IPv6 address, so one rule covers both.
fn canonical(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// Why an address is not public, if it is not.
pub fn non_public_kind(addr: IpAddr) -> Option<&'static str> {
    match canonical(addr) {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            if v4.is_loopback() {
                Some("loopback address")
            } else if v4.is_private() {
                Some("private address")
            } else if v4.is_link_local() {
                Some("link-local address")
            } else if v4.is_unspecified() || a == 0 {
                Some("unspecified address")
            } else if a == 100 && (64..128).contains(&b) {
                Some("shared (carrier-grade NAT) address")
            } else if v4.is_multicast() || v4.is_broadcast() {
                Some("multicast or broadcast address")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            if v6.is_loopback() {
                Some("loopback address")
            } else if v6.is_unspecified() {
                Some("unspecified address")
            } else if first & 0xfe00 == 0xfc00 {
                Some("unique local address")
            } else if first & 0xffc0 == 0xfe80 {
                Some("link-local address")
            } else if v6.is_multicast() {
                Some("multicast address")
            } else {
                None
            }
        }
    }
}

/// Whether the crawler may connect to `addr`. `trusted` addresses (from `--resolve`) are
/// only checked against the metadata list.
pub fn check(addr: IpAddr, deny_private: bool, trusted: bool) -> Result<(), AddressRefused> {
    let addr = canonical(addr);
    if METADATA.contains(&addr) {
        return Err(AddressRefused {
            addr,
            why: "cloud metadata endpoint, always refused".into(),
        });
    }
    if deny_private && !trusted {
        if let Some(kind) = non_public_kind(addr) {
            return Err(AddressRefused {
                addr,
                why: format!("{kind}, refused by --deny-private"),
            });
        }
    }
    Ok(())
}

/// The crawler's DNS resolver: `--resolve` overrides first, then the system resolver, and
/// the address rules above on whatever comes back.
#[derive(Debug, Clone)]
pub struct DnsResolver {
    overrides: HashMap<String, SocketAddr>,
    deny_private: bool,
    timeout: Duration,
}

impl DnsResolver {
    /// A resolver with the run's overrides (host names compared case-insensitively).
    pub fn new(overrides: &[(String, SocketAddr)], deny_private: bool, timeout: Duration) -> Self {
        DnsResolver {
            overrides: overrides
                .iter()
                .map(|(host, addr)| (normalize_host(host), *addr))
                .collect(),
            deny_private,
            timeout,
        }
    }

    /// The override for a host, if the user gave one.
    pub fn override_for(&self, host: &str) -> Option<SocketAddr> {
        self.overrides.get(&normalize_host(host)).copied()
    }

    /// Resolves a name to the addresses the crawler may use.
    pub async fn lookup(
        &self,
        host: &str,
    ) -> Result<Vec<SocketAddr>, Box<dyn std::error::Error + Send + Sync>> {
        if let Some(addr) = self.override_for(host) {
            check(addr.ip(), self.deny_private, true)?;
            return Ok(vec![addr]);
        }
        // RFC 6761 §6.4: `.invalid` never resolves, and resolvers should say so at once
        // instead of asking the network (tests rely on this to stay on loopback).
        let bare = host.trim_end_matches('.').to_ascii_lowercase();
        if bare == "invalid" || bare.ends_with(".invalid") {
            return Err(Box::new(DnsFailure {
                host: host.to_string(),
                reason: "a reserved name that never resolves, RFC 6761".into(),
            }));
        }
        let found = tokio::time::timeout(self.timeout, tokio::net::lookup_host((host, 0)))
            .await
            .map_err(|_| DnsFailure {
                host: host.to_string(),
                reason: format!("no answer within {:?}", self.timeout),
            })?
            .map_err(|e| DnsFailure {
                host: host.to_string(),
                reason: lookup_reason(&e),
            })?;
        let mut allowed = Vec::new();
        let mut refused = None;
        for addr in found {
            match check(addr.ip(), self.deny_private, false) {
                Ok(()) => allowed.push(addr),
                Err(e) => refused = Some(e),
            }
        }
        match (allowed.is_empty(), refused) {
            (true, Some(refused)) => Err(Box::new(refused)),
            (true, None) => Err(Box::new(DnsFailure {
                host: host.to_string(),
                reason: "no addresses".into(),
            })),
            (false, _) => Ok(allowed),
        }
    }
}

/// The system resolver's answer without the wrapper std puts around getaddrinfo's text
/// ("failed to lookup address information: Name or service not known").
fn lookup_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.strip_prefix("failed to lookup address information:") {
        Some(reason) if !reason.trim().is_empty() => reason.trim().to_string(),
        _ => text,
    }
}

/// Lower-case, without a trailing dot or IPv6 brackets.
fn normalize_host(host: &str) -> String {
    host.trim_end_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

impl Resolve for DnsResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs = this.lookup(&host).await?;
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn metadata_is_refused_even_when_trusted() {
        for addr in ["169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254"] {
            assert!(check(ip(addr), false, true).is_err(), "{addr}");
        }
    }

    #[test]
    fn private_ranges_are_refused_only_under_deny_private() {
        for addr in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.1.1",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "::",
            "::ffff:10.0.0.1",
        ] {
            assert!(check(ip(addr), true, false).is_err(), "{addr}");
            assert!(check(ip(addr), false, false).is_ok(), "{addr}");
            assert!(check(ip(addr), true, true).is_ok(), "{addr} trusted");
        }
        for addr in ["93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"] {
            assert!(check(ip(addr), true, false).is_ok(), "{addr}");
        }
    }

    #[tokio::test]
    async fn overrides_keep_their_port_and_are_trusted() {
        let addr: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let resolver = DnsResolver::new(&[("Ikon.MN".into(), addr)], true, Duration::from_secs(1));
        assert_eq!(resolver.lookup("ikon.mn").await.unwrap(), vec![addr]);
        let meta: SocketAddr = "169.254.169.254:80".parse().unwrap();
        let resolver =
            DnsResolver::new(&[("meta.test".into(), meta)], false, Duration::from_secs(1));
        assert!(resolver.lookup("meta.test").await.is_err());
    }

    #[test]
    fn dns_failures_read_as_one_short_sentence() {
        let io = std::io::Error::other(
            "failed to lookup address information: Name or service not known",
        );
        let failure = DnsFailure {
            host: "ikon.mn".into(),
            reason: lookup_reason(&io),
        };
        assert_eq!(
            failure.to_string(),
            "cannot resolve ikon.mn (Name or service not known)"
        );
        assert_eq!(
            lookup_reason(&std::io::Error::other("something else")),
            "something else"
        );
    }

    #[tokio::test]
    async fn localhost_is_refused_under_deny_private() {
        let resolver = DnsResolver::new(&[], true, Duration::from_secs(1));
        let err = resolver.lookup("localhost").await.unwrap_err();
        assert!(err.downcast_ref::<AddressRefused>().is_some(), "{err}");
    }
}
