//! The cap per IP address (`address_rate`): many host names on one server share it.
//!
//! Each address gets a pacing gate of its own — the same send log and minimum gap as a host
//! queue (`host.rs`), keyed by the IP address the host's name is pinned to for the run
//! (`address.rs`) — and a request waits for its host's turn and its address's turn together,
//! so neither ever sees more than its rate. The gate's rate is `address_rate`, raised to the
//! rate of the fastest host on the address: the cap never slows a host below its own rate.
//! In replay nothing is paced, and with `address_rate = "off"` there are no gates.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use url::Url;

use super::address::DnsResolver;
use super::host::Host;
use crate::sources::{Politeness, Rate};

/// The gates of every address met, and the cap they start from.
pub(crate) struct Addresses {
    rate: Option<Rate>,
    gates: Mutex<HashMap<IpAddr, Arc<Host>>>,
}

/// Requests per second, to compare rates written in different units.
pub(crate) fn per_second(rate: Rate) -> f64 {
    f64::from(rate.requests) / rate.per.as_secs_f64().max(1e-9)
}

impl Addresses {
    /// Gates at `rate` per address, or none when `rate` is `None` ("off").
    pub fn new(rate: Option<Rate>) -> Addresses {
        Addresses {
            rate,
            gates: Mutex::new(HashMap::new()),
        }
    }

    /// The gate of the address a URL's connection will go to, raised to `host_rate` if
    /// that is faster. `None` when the cap is off or the name does not resolve (the request
    /// then fails on its own, with the resolver's reason).
    pub async fn gate(
        &self,
        resolver: &DnsResolver,
        url: &Url,
        host_rate: Rate,
    ) -> Option<Arc<Host>> {
        let cap = self.rate?;
        let ip = match url.host()? {
            url::Host::Ipv4(v4) => IpAddr::V4(v4),
            url::Host::Ipv6(v6) => IpAddr::V6(v6),
            url::Host::Domain(name) => resolver.lookup(name).await.ok()?.first()?.ip(),
        };
        let mut gates = self.gates.lock().ok()?;
        let gate = gates.entry(ip).or_insert_with(|| {
            let rate = if per_second(host_rate) > per_second(cap) {
                host_rate
            } else {
                cap
            };
            let politeness = Politeness {
                rate,
                concurrency: ADDRESS_CONCURRENCY,
                ..Politeness::default()
            };
            Arc::new(Host::new(ip.to_string(), politeness))
        });
        gate.speed_up_to(host_rate);
        Some(gate.clone())
    }
}

/// Requests in flight per address: not limited here (each host has its own concurrency).
const ADDRESS_CONCURRENCY: usize = 1 << 16;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn rate(text: &str) -> Rate {
        Rate::parse(text).unwrap()
    }

    #[tokio::test]
    async fn an_address_runs_at_the_cap_or_its_fastest_host() {
        let resolver = DnsResolver::new(
            &[
                ("a.test".into(), "127.0.0.1:1".parse().unwrap()),
                ("b.test".into(), "127.0.0.1:2".parse().unwrap()),
            ],
            false,
            Duration::from_secs(1),
        );
        let addresses = Addresses::new(Some(rate("10/s")));
        let a = Url::parse("http://a.test/").unwrap();
        let b = Url::parse("http://b.test/").unwrap();
        let gate = addresses.gate(&resolver, &a, rate("1/s")).await.unwrap();
        assert_eq!(gate.rate(), rate("10/s"));
        let same = addresses.gate(&resolver, &b, rate("20/s")).await.unwrap();
        assert!(Arc::ptr_eq(&gate, &same), "one IP, one gate");
        assert_eq!(gate.rate(), rate("20/s"), "never below a host's own rate");
        let off = Addresses::new(None);
        assert!(off.gate(&resolver, &a, rate("1/s")).await.is_none());
    }
}
