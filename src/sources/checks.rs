//! Checks across the whole of sources.toml that no single value shows: two outlets that
//! claim the same name, alias or domain.
//!
//! A citation is tied to its outlet by name and a URL by host; if two outlets claim the same
//! one, whichever comes first in key order would silently win and the other's settings
//! (rate, language, lists) would never apply. That is a mistake in the file, so it is an
//! error naming both outlets, at the line of the second claim.

use std::collections::HashMap;

use super::{name_key, Outlet};

/// The first name, alias or domain that two outlets share: `(byte offset, message)`.
pub(super) fn shared_claims(outlets: &[Outlet], text: &str) -> Result<(), (usize, String)> {
    let mut names: HashMap<String, (&str, &str)> = HashMap::new();
    let mut domains: HashMap<&str, &str> = HashMap::new();
    for outlet in outlets {
        let header = format!("[outlets.{}]", outlet.key);
        let written = std::iter::once(&outlet.name)
            .chain(&outlet.aliases)
            .chain(&outlet.domains);
        for claim in written {
            let key = name_key(claim);
            if key.is_empty() {
                continue;
            }
            match names.get(&key) {
                Some((owner, first)) if *owner != outlet.key => {
                    return Err((
                        value_offset(text, &header, claim),
                        format!(
                            "{header}: the name {claim:?} is also {first:?} of [outlets.{owner}]; \
                             a citation naming it could not tell the two outlets apart"
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    names.insert(key, (&outlet.key, claim));
                }
            }
        }
        for domain in &outlet.domains {
            match domains.get(domain.as_str()) {
                Some(owner) if *owner != outlet.key => {
                    return Err((
                        value_offset(text, &header, domain),
                        format!(
                            "{header}: the domain {domain:?} is also a domain of \
                             [outlets.{owner}]; each host belongs to one outlet"
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    domains.insert(domain, &outlet.key);
                }
            }
        }
    }
    Ok(())
}

/// Where `value` is written (quoted) in the table that starts at `header`, else the header.
fn value_offset(text: &str, header: &str, value: &str) -> usize {
    let start = text.find(header).unwrap_or(0);
    let end = text[start + header.len().min(text.len() - start)..]
        .find("\n[")
        .map_or(text.len(), |k| start + header.len() + k);
    let section = &text[start..end];
    let quoted = format!("\"{value}\"");
    section
        .find(&quoted)
        .or_else(|| section.find(value))
        .map_or(start, |k| start + k)
}

#[cfg(test)]
mod tests {
    use crate::sources::Sources;
    use std::path::Path;

    #[test]
    fn duplicate_aliases_across_outlets_name_both_outlets() {
        let text = "[outlets.a]\nname = \"Ikon\"\n\n[outlets.b]\nname = \"Other\"\n\
                    aliases = [\"IKON\"]\n";
        let err = Sources::parse(text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("s.toml:6:"), "{err}");
        assert!(
            err.contains("[outlets.a]") && err.contains("[outlets.b]"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_domains_across_outlets_name_both_outlets() {
        let text = "[outlets.a]\nname = \"A\"\ndomains = [\"ikon.mn\"]\n\n[outlets.b]\n\
                    name = \"B\"\ndomains = [\"www.ikon.mn\"]\n";
        let err = Sources::parse(text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("s.toml:7:"), "{err}");
        assert!(
            err.contains("[outlets.a]") && err.contains("[outlets.b]"),
            "{err}"
        );
    }

    #[test]
    fn an_outlet_may_repeat_its_own_name_as_alias_and_domain() {
        let text = "[outlets.a]\nname = \"Ikon\"\naliases = [\"Ikon\", \"ikon.mn\"]\n\
                    domains = [\"ikon.mn\"]\n\n[outlets.b]\nname = \"MNB\"\ndomains = [\"mnb.mn\"]\n";
        assert!(Sources::parse(text, Path::new("s.toml")).is_ok());
    }
}
