//! Words that say what a visible date is: "Published", "Опубликовано", "发布" versus
//! "Updated", "Обновлено", "更新".
//!
//! A byline often shows two dates side by side ("Published 27 Sep 2023 · Updated 28 Sep
//! 2023"). The publication date is the one its label calls published, and a date labelled
//! as an update is never taken for it. The label is the last such word written before the
//! date, after any earlier date.

use std::sync::LazyLock;

use regex::Regex;

/// How many bytes may separate a CJK label from its date ("发布时间：", "입력 ").
const CJK_GAP: usize = 12;

/// What the words before a date say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    /// No label.
    None,
    /// "Published", "Posted", "Опубликовано", "发布", "입력"…
    Published,
    /// "Updated", "Modified", "Обновлено", "更新", "수정"…
    Updated,
    /// Another date than the page's: "Joined", "Member since", "Born", "Deadline"…
    Other,
}

/// Labels of dates that are neither the publication nor an update, lower case.
const OTHER: &[&str] = &[
    "joined",
    "member since",
    "registered",
    "born",
    "founded",
    "established",
    "deadline",
    "expires",
    "valid until",
    "last seen",
    "last login",
    "регистрация",
    "зарегистрирован",
    "дата рождения",
    "родился",
    "родилась",
    "miembro desde",
    "membre depuis",
    "mitglied seit",
    "registriert",
    "üyelik tarihi",
    "kayıt tarihi",
    "加入",
    "注册",
    "가입",
];

/// Update labels, lower case. Longer phrases first where one contains another.
const UPDATED: &[&str] = &[
    "updated",
    "update",
    "modified",
    "last modified",
    "edited",
    "revised",
    "обновлено",
    "обновлен",
    "обновление",
    "изменено",
    "оновлено",
    "оновлення",
    "актуализирано",
    "aktualisiert",
    "aktualisierung",
    "geändert",
    "änderung",
    "zaktualizowano",
    "aktualizacja",
    "actualizado",
    "actualizada",
    "actualización",
    "atualizado",
    "atualizada",
    "atualização",
    "mis à jour",
    "mise à jour",
    "modifié",
    "aggiornato",
    "aggiornamento",
    "güncelleme",
    "güncellendi",
    "güncellenme",
    "bijgewerkt",
    "gewijzigd",
    "päivitetty",
    "uppdaterad",
    "opdateret",
    "oppdatert",
    "ažurirano",
    "ažurirana",
    "frissítve",
    "frissítés",
    "módosítva",
    "aktualizováno",
    "aktualizované",
    "actualitzat",
    "actualitzada",
    "atnaujinta",
    "përditësuar",
    "përditësimi",
    "ενημέρωση",
    "ενημερώθηκε",
    "تحديث",
    "تم التحديث",
    "به‌روزرسانی",
    "بروزرسانی",
    "עודכן",
    "עדכון",
    "업데이트",
    "수정",
    "更新",
    "修改",
    "diperbarui",
    "dikemaskini",
    "अपडेट",
    "અપડેટ",
    "թարմացվել",
    "шинэчилсэн",
    "шинэчлэгдсэн",
];

/// Publication labels, lower case.
const PUBLISHED: &[&str] = &[
    "published",
    "publish date",
    "posted",
    "publication",
    "released",
    "опубликовано",
    "опубликован",
    "дата публикации",
    "опубліковано",
    "публікація",
    "публикувано",
    "publicado",
    "publicada",
    "publicación",
    "publicação",
    "publié",
    "publiée",
    "veröffentlicht",
    "erschienen",
    "erstellt",
    "pubblicato",
    "pubblicata",
    "yayınlanma",
    "yayınlandı",
    "yayın tarihi",
    "gepubliceerd",
    "geplaatst",
    "julkaistu",
    "publicerad",
    "publiceret",
    "publisert",
    "objavljeno",
    "objavljena",
    "opublikowano",
    "publikacja",
    "publikováno",
    "zveřejněno",
    "közzétéve",
    "publicat",
    "publicată",
    "paskelbta",
    "publikuar",
    "δημοσίευση",
    "δημοσιεύθηκε",
    "نشر في",
    "تاريخ النشر",
    "نشر",
    "منتشر شده",
    "تاریخ انتشار",
    "פורסם",
    "입력",
    "등록",
    "작성",
    "게재",
    "发布",
    "發布",
    "发表",
    "發表",
    "公開",
    "配信",
    "掲載",
    "投稿",
    "diterbitkan",
    "dipublikasikan",
    "प्रकाशित",
    "પ્રકાશિત",
    "հրապարակվել",
    "нийтэлсэн",
    "нийтлэгдсэн",
    "нийтэлсэн огноо",
];

/// Each list as one pattern (literal alternations search in one SIMD pass).
static PATTERNS: LazyLock<Option<(Regex, Regex, Regex)>> = LazyLock::new(|| {
    let pattern = |words: &[&str]| {
        let mut words = words.to_vec();
        // Longest first, so that "last modified" is one match, not "modified".
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        Regex::new(
            &words
                .iter()
                .map(|w| regex::escape(w))
                .collect::<Vec<_>>()
                .join("|"),
        )
        .ok()
    };
    Some((pattern(PUBLISHED)?, pattern(UPDATED)?, pattern(OTHER)?))
});

/// The label among the words of `before` (the text between the previous date, or a few
/// dozen characters back, and this date).
pub(super) fn label(before: &str) -> Label {
    let Some((published, updated, other)) = PATTERNS.as_ref() else {
        return Label::None;
    };
    let lower = before.to_lowercase();
    let last = |pattern: &Regex| {
        pattern
            .find_iter(&lower)
            .filter(|m| {
                // CJK labels are parts of longer words ("公開調教" is a public training):
                // only one right before the date counts.
                let ideographic = m
                    .as_str()
                    .chars()
                    .next()
                    .is_some_and(|c| c as u32 >= 0x3000);
                !ideographic || lower.len() - m.end() <= CJK_GAP
            })
            .map(|m| m.end())
            .max()
    };
    [
        (last(published), Label::Published),
        (last(updated), Label::Updated),
        (last(other), Label::Other),
    ]
    .into_iter()
    .filter_map(|(end, label)| end.map(|e| (e, label)))
    .max_by_key(|(end, _)| *end)
    .map_or(Label::None, |(_, label)| label)
}

/// How far back (bytes) a label may stand before its date.
const REACH: usize = 64;

/// A line longer than this (bytes) is prose, not a byline: "published" in it is a word
/// of the story ("the report was published on …"), not a label.
const BYLINE: usize = 160;

/// A line this short (bytes) before the date's may be its label, in an element of its own.
const LABEL_LINE: usize = 40;

/// The label of the date written at `start..end` of `text` (lines are the page's blocks):
/// read on the date's line — and on the line before when that is short enough to be a
/// label in an element of its own — after `floor` (the end of the previous date).
pub(super) fn label_at(text: &str, start: usize, end: usize, floor: usize) -> Label {
    let start = floor_boundary(text, start.min(text.len()));
    let (line_start, line_end) = line_around(text, start, end.max(start));
    let mut window_start = line_start;
    if line_start > 0 {
        let previous_end = line_start - 1;
        let from = floor_boundary(text, previous_end.saturating_sub(LABEL_LINE + 1));
        let previous = match text[from..previous_end].rfind('\n') {
            Some(i) => Some(from + i + 1),
            None if from == 0 => Some(0),
            None => None,
        };
        if let Some(previous) = previous.filter(|p| previous_end - p <= LABEL_LINE) {
            window_start = previous;
        }
    }
    let found = label(before(text, start, floor.max(window_start), REACH));
    if found == Label::Published && line_end.saturating_sub(line_start) > BYLINE {
        return Label::None;
    }
    found
}

/// How far (bytes) a line's ends are searched for: a longer line is prose anyway, and the
/// bound keeps pages of one enormous line linear.
const LINE_SEARCH: usize = 512;

/// The line (block) of `text` around `start..end`, its ends searched at most
/// [`LINE_SEARCH`] bytes away (a longer line is reported cut there).
pub(super) fn line_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let end = ceil_boundary(text, end.min(text.len()));
    let start = floor_boundary(text, start.min(end));
    let from = floor_boundary(text, start.saturating_sub(LINE_SEARCH));
    let line_start = text[from..start].rfind('\n').map_or(from, |i| from + i + 1);
    let to = ceil_boundary(text, (end + LINE_SEARCH).min(text.len()));
    let line_end = text[end..to].find('\n').map_or(to, |i| end + i);
    (line_start, line_end)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The stretch of `text` before byte offset `at` where a label of the date there may be:
/// at most `reach` bytes back, and not before `floor` (the end of the previous date).
pub(super) fn before(text: &str, at: usize, floor: usize, reach: usize) -> &str {
    let mut from = at.saturating_sub(reach).max(floor).min(at);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text.get(from..at).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_several_languages() {
        assert_eq!(label("Updated: "), Label::Updated);
        assert_eq!(label("Обновлено "), Label::Updated);
        assert_eq!(label("更新时间："), Label::Updated);
        assert_eq!(label("Published on "), Label::Published);
        assert_eq!(label("Letzte Änderung: "), Label::Updated);
        assert_eq!(label("Erschienen am: "), Label::Published);
        assert_eq!(label("Опубликовано: "), Label::Published);
        assert_eq!(label("by Jane Doe, "), Label::None);
        assert_eq!(label("Biggie Cheese · Joined "), Label::Other);
    }

    #[test]
    fn the_last_label_wins() {
        assert_eq!(label("Published 2 hours ago · Updated "), Label::Updated);
        assert_eq!(label("수정 없음 입력 "), Label::Published);
        assert_eq!(label("公開調教シーン＆落札シーン("), Label::None);
    }

    #[test]
    fn published_in_prose_is_no_label() {
        let prose = format!(
            "{} the transcript was published on ",
            "Words of the story. ".repeat(10)
        );
        let text = format!("{prose}September 25, 2019, and more words follow here.");
        assert_eq!(
            label_at(&text, prose.len(), prose.len() + 18, 0),
            Label::None
        );
        let byline = "By Jane Doe\nPublished: ";
        let text = format!("{byline}September 25, 2019");
        assert_eq!(
            label_at(&text, byline.len(), text.len(), 0),
            Label::Published
        );
    }

    #[test]
    fn a_label_in_its_own_block() {
        let text = "Updated\n29.09.2023";
        assert_eq!(label_at(text, 8, text.len(), 0), Label::Updated);
        let text = "A long paragraph that says it was updated yesterday and more.\n29.09.2023";
        assert_eq!(label_at(text, 62, text.len(), 0), Label::None);
    }

    #[test]
    fn the_window_stops_at_the_previous_date() {
        let text = "Updated 2023-09-28, published 2023-09-27";
        let at = text.rfind("2023").unwrap_or(0);
        assert_eq!(before(text, at, 18, 60), ", published ");
    }
}
