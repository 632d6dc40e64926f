//! Which network addresses the crawler may connect to, and how host names are resolved.
//!
//! citecheck fetches URLs taken from documents it did not write, so a URL can point inside
//! the network it runs in (a CI runner's cloud metadata service, a router's admin page).
//! Two rules protect against that, applied after DNS and on every redirect hop:
//!
//! * cloud metadata endpoints are refused ALWAYS — no citation has a reason to point there,
//!   and they hand out credentials: all of IPv4 link-local 169.254.0.0/16 (AWS, GCP, Azure,
//!   OpenStack, DigitalOcean, AWS ECS at 169.254.170.2, …), IPv6 link-local fe80::/10, AWS's
//!   fd00:ec2::/32, and the known endpoints elsewhere (Alibaba, Oracle, Azure WireServer);
//! * with `deny_private` (`--deny-private`), loopback, private (RFC 1918, ULA), shared
//!   (RFC 6598), link-local, unspecified, multicast and broadcast addresses are refused too.
//!
//! An IPv6 address that carries an IPv4 one — IPv4-mapped (`::ffff:a.b.c.d`),
//! IPv4-compatible (`::a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`), 6to4 (`2002:AABB:CCDD::…`)
//! or Teredo (`2001:0::…`, server and client) — is checked as each IPv4 address it carries
//! too, so `[64:ff9b::a9fe:a9fe]` is the metadata endpoint it translates to.
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
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
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

/// Cloud metadata endpoints outside the always-refused ranges, refused whatever the flags.
const METADATA: [IpAddr; 3] = [
    IpAddr::V4(Ipv4Addr::new(100, 100, 100, 200)), // Alibaba Cloud
    IpAddr::V4(Ipv4Addr::new(192, 0, 0, 192)),     // Oracle Cloud
    IpAddr::V4(Ipv4Addr::new(168, 63, 129, 16)),   // Azure WireServer
];

/// Why an address is refused whatever the flags, if it is: the metadata ranges and list.
fn metadata_kind(addr: IpAddr) -> Option<&'static str> {
    let always = match addr {
        IpAddr::V4(v4) => v4.is_link_local(), // 169.254.0.0/16
        IpAddr::V6(v6) => {
            let [first, second, ..] = v6.segments();
            first & 0xffc0 == 0xfe80 || (first == 0xfd00 && second == 0x0ec2)
        }
    };
    (always || METADATA.contains(&addr)).then_some("cloud metadata or link-local endpoint")
}

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

/// The IPv4 addresses an IPv6 address carries (see the module docs): checked as well as
/// the address itself, since a gateway on the way turns it into them.
pub fn embedded_ipv4(addr: IpAddr) -> Vec<Ipv4Addr> {
    let IpAddr::V6(v6) = addr else {
        return Vec::new();
    };
    let s = v6.segments();
    let v4 = |high: u16, low: u16| {
        let [a, b] = high.to_be_bytes();
        let [c, d] = low.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    let mut found = Vec::new();
    if let Some(mapped) = v6.to_ipv4_mapped() {
        found.push(mapped);
    }
    // IPv4-compatible (deprecated, still routed by some stacks): ::a.b.c.d, not :: or ::1.
    if s[..6] == [0; 6] && (s[6] != 0 || s[7] > 1) {
        found.push(v4(s[6], s[7]));
    }
    // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052) and its local-use /48 (RFC 8215) with
    // the /96 layout.
    if s[0] == 0x64 && s[1] == 0xff9b && (s[2..6] == [0; 4] || s[2] == 1) {
        found.push(v4(s[6], s[7]));
    }
    // 6to4: 2002:AABB:CCDD::/48.
    if s[0] == 0x2002 {
        found.push(v4(s[1], s[2]));
    }
    // Teredo 2001:0::/32: the server in bits 32–63, the client obscured (inverted) at the end.
    if s[0] == 0x2001 && s[1] == 0 {
        found.push(v4(s[2], s[3]));
        found.push(v4(!s[6], !s[7]));
    }
    found
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
/// only checked against the metadata rule. An IPv6 address is checked as every IPv4
/// address it carries too.
pub fn check(addr: IpAddr, deny_private: bool, trusted: bool) -> Result<(), AddressRefused> {
    let shown = canonical(addr);
    let carried = embedded_ipv4(addr).into_iter().map(IpAddr::V4);
    for candidate in std::iter::once(shown).chain(carried) {
        let via = if candidate == shown {
            String::new()
        } else {
            format!(" carried in {addr}")
        };
        if let Some(kind) = metadata_kind(candidate) {
            return Err(AddressRefused {
                addr: candidate,
                why: format!("{kind}{via}, always refused"),
            });
        }
        if deny_private && !trusted {
            if let Some(kind) = non_public_kind(candidate) {
                return Err(AddressRefused {
                    addr: candidate,
                    why: format!("{kind}{via}, refused by --deny-private"),
                });
            }
        }
    }
    Ok(())
}

/// The crawler's DNS resolver: `--resolve` overrides first, then the system resolver, and
/// the address rules above on whatever comes back.
///
/// A name's first successful answer is pinned for the run (clones share the pins): every
/// later connection to the host uses the addresses that were checked, so a DNS rebinding
/// server cannot move a host onto a refused address between one request and the next, and
/// the per-address rate sees the address the connections really go to.
#[derive(Debug, Clone)]
pub struct DnsResolver {
    overrides: HashMap<String, SocketAddr>,
    deny_private: bool,
    timeout: Duration,
    pinned: Arc<Mutex<HashMap<String, Pin>>>,
}

/// A name's pinned answer, filled once by the first lookup that succeeds.
type Pin = Arc<tokio::sync::OnceCell<Vec<SocketAddr>>>;

/// A lookup's error, as reqwest's resolver interface carries it.
type LookupError = Box<dyn std::error::Error + Send + Sync>;

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
            pinned: Arc::default(),
        }
    }

    /// The override for a host, if the user gave one.
    pub fn override_for(&self, host: &str) -> Option<SocketAddr> {
        self.overrides.get(&normalize_host(host)).copied()
    }

    /// Resolves a name to the addresses the crawler may use: the pinned answer when there
    /// is one, else a fresh lookup (pinned if it succeeds).
    pub async fn lookup(&self, host: &str) -> Result<Vec<SocketAddr>, LookupError> {
        if let Some(addr) = self.override_for(host) {
            check(addr.ip(), self.deny_private, true)?;
            return Ok(vec![addr]);
        }
        let pin = self
            .pinned
            .lock()
            .ok()
            .map(|mut pins| pins.entry(normalize_host(host)).or_default().clone());
        match pin {
            Some(pin) => pin
                .get_or_try_init(|| self.fresh_lookup(host))
                .await
                .cloned(),
            None => self.fresh_lookup(host).await,
        }
    }

    /// Asks the system resolver and applies the address rules.
    async fn fresh_lookup(&self, host: &str) -> Result<Vec<SocketAddr>, LookupError> {
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
        for addr in [
            "169.254.169.254",
            "169.254.170.2",
            "169.254.170.23",
            "169.254.0.1",
            "fd00:ec2::254",
            "fd00:ec2::23",
            "fe80::a9fe:a9fe",
            "::ffff:169.254.169.254",
            "100.100.100.200",
            "192.0.0.192",
            "168.63.129.16",
        ] {
            assert!(check(ip(addr), false, true).is_err(), "{addr}");
            assert!(check(ip(addr), false, false).is_err(), "{addr}");
        }
    }

    #[test]
    fn metadata_written_in_embedded_ipv4_forms_is_refused_always() {
        for addr in [
            "64:ff9b::169.254.169.254", // NAT64
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::a9fe:a9fe", // NAT64 local use
            "::169.254.169.254",    // IPv4-compatible
            "2002:a9fe:a9fe::1",    // 6to4
            "2001:0:a9fe:a9fe::1",  // Teredo server
            // Teredo client: 0x5601 inverted is 0xa9fe, so 169.254.169.254.
            "2001:0:4136:e378:8000:63bf:5601:5601",
        ] {
            assert!(check(ip(addr), false, false).is_err(), "{addr}");
        }
    }

    #[test]
    fn loopback_and_private_in_embedded_forms_are_refused_under_deny_private() {
        for addr in [
            "64:ff9b::127.0.0.1",
            "::127.0.0.1",
            "::10.0.0.1",
            "2002:7f00:1::1",
            "2002:c0a8:101::1",
            "64:ff9b::10.1.2.3",
        ] {
            assert!(check(ip(addr), true, false).is_err(), "{addr}");
            assert!(check(ip(addr), false, false).is_ok(), "{addr}");
        }
        // Public IPv4 in the same forms stays allowed.
        for addr in ["64:ff9b::8.8.8.8", "2002:808:808::1", "::ffff:8.8.8.8"] {
            assert!(check(ip(addr), true, false).is_ok(), "{addr}");
        }
    }

    #[test]
    fn private_ranges_are_refused_only_under_deny_private() {
        for addr in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fc00::1",
            "fd12::1",
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
    async fn a_name_answers_the_same_addresses_for_the_whole_run() {
        let resolver = DnsResolver::new(&[], false, Duration::from_secs(2));
        let first = resolver.lookup("localhost").await.unwrap();
        // The pin is what answers now: change it and the resolver must follow the pin, not
        // ask the system again.
        let moved: SocketAddr = "127.0.0.9:0".parse().unwrap();
        let pins = resolver
            .pinned
            .lock()
            .unwrap()
            .get("localhost")
            .cloned()
            .unwrap();
        assert_eq!(pins.get(), Some(&first));
        let clone = resolver.clone();
        clone.pinned.lock().unwrap().insert(
            "localhost".into(),
            Arc::new(tokio::sync::OnceCell::new_with(Some(vec![moved]))),
        );
        assert_eq!(resolver.lookup("LOCALHOST.").await.unwrap(), vec![moved]);
    }

    #[tokio::test]
    async fn localhost_is_refused_under_deny_private() {
        let resolver = DnsResolver::new(&[], true, Duration::from_secs(1));
        let err = resolver.lookup("localhost").await.unwrap_err();
        assert!(err.downcast_ref::<AddressRefused>().is_some(), "{err}");
    }
}
