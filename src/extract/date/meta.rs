//! Publication dates in meta tags: which keys mean "published", and in what order to
//! trust them.
//!
//! Publishers, CMSs and analytics vendors each named the tag their own way — Open Graph's
//! `article:published_time`, Dublin Core's `DC.date.issued`, Parse.ly's `parsely-pub-date`,
//! Sailthru's `sailthru.date`, Google Scholar's `citation_publication_date`… The lists
//! below hold the keys seen on news pages (compared lower-cased). Keys that say
//! "modified", "updated" or "last-modified" are deliberately absent: a page's modification
//! date is never its publication date.

use super::scan::Meta;

/// Keys naming the publication date, most specific first. Their position is their rank.
const PUBLISHED: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "article:published_date",
    "article.published",
    "published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "prism.publicationdate",
    "bt:pubdate",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published-date",
    "published_date",
    "publication_date",
    "date_published",
    "published_at",
    "article_date_original",
    "original-publish-date",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "nastooh:publishdate",
    "analyticsattributes.articledate",
    "article:post_date",
    "release_date",
    "release:date",
    "datecreated",
    "dc.date",
    "dcterms.date",
    "dc:date",
    "date",
    "creation_date",
    "created",
    "uploaddate",
    "ya:ovs:upload_date",
    "outbrain-date",
    "aiturec:datetime",
    "timestamp",
];

/// Keys naming the page's last modification, most specific first: reported apart from
/// the publication date, never taken for it.
const MODIFIED: &[&str] = &[
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "og:updated_time",
    "modified_time",
    "updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "dc.modified",
    "bt:moddate",
    "parsely-updated-date",
    "last-modified",
    "lastmodified",
    "last_modified",
];

/// How many of the first keys are Open Graph's (`article:published_time` and its
/// spellings), the most widely implemented and most specific publication tag.
const OPEN_GRAPH: usize = 5;

/// The rank of the first generic key: from there on (`dc.date`, a bare `date`,
/// `created`, `timestamp`…) the keys say "a date" rather than "the publication date", and
/// systems fill them with the page's generation or last edit as often as not.
const GENERIC_FROM: &str = "dc.date";

/// Whether a key's rank is one of the generic date keys.
pub(super) fn is_generic(key_rank: usize) -> bool {
    rank(GENERIC_FROM).is_some_and(|generic| key_rank >= generic)
}

/// Whether a key's rank is one of Open Graph's publication keys.
pub(super) fn is_open_graph(rank: usize) -> bool {
    rank < OPEN_GRAPH
}

/// The rank of a meta key among publication keys (lower is more trusted), or `None` when
/// the key is not a publication date.
pub(super) fn rank(key: &str) -> Option<usize> {
    PUBLISHED.iter().position(|k| *k == key)
}

/// The page's meta tags that name a publication date, most trusted first (ties in page
/// order).
pub(super) fn published<'m, 'a>(metas: &'m [Meta<'a>]) -> Vec<(usize, &'m Meta<'a>)> {
    let mut ranked: Vec<(usize, &Meta<'a>)> = metas
        .iter()
        .filter_map(|m| rank(&m.key).map(|r| (r, m)))
        .collect();
    ranked.sort_by_key(|(r, _)| *r);
    ranked
}

/// The page's meta tags that name its last modification, most trusted first.
pub(super) fn modified<'m, 'a>(metas: &'m [Meta<'a>]) -> Vec<&'m Meta<'a>> {
    let mut ranked: Vec<(usize, &Meta<'a>)> = metas
        .iter()
        .filter_map(|m| MODIFIED.iter().position(|k| *k == m.key).map(|r| (r, m)))
        .collect();
    ranked.sort_by_key(|(r, _)| *r);
    ranked.into_iter().map(|(_, m)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modification_keys_are_not_publication_keys() {
        for key in [
            "article:modified_time",
            "og:updated_time",
            "last-modified",
            "datemodified",
            "dc.date.modified",
            "bt:moddate",
        ] {
            assert_eq!(rank(key), None, "{key}");
        }
    }

    #[test]
    fn modification_keys_are_read_apart() {
        let metas = [
            Meta {
                key: "last-modified".into(),
                content: "2023-10-02",
            },
            Meta {
                key: "article:modified_time".into(),
                content: "2023-09-29",
            },
            Meta {
                key: "article:published_time".into(),
                content: "2023-09-27",
            },
        ];
        let found: Vec<&str> = modified(&metas).iter().map(|m| m.content).collect();
        assert_eq!(found, ["2023-09-29", "2023-10-02"]);
    }

    #[test]
    fn open_graph_outranks_a_bare_date() {
        let og = rank("article:published_time");
        let bare = rank("date");
        assert!(og.is_some() && bare.is_some() && og < bare);
        assert!(og.is_some_and(is_open_graph) && !bare.is_some_and(is_open_graph));
        assert!(rank("article:published_date").is_some_and(is_open_graph));
        assert!(!rank("published_time").is_some_and(is_open_graph));
    }
}
