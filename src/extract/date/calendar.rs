//! Conversion of Solar Hijri (Jalali) dates, which Persian news pages print, to Gregorian.
//!
//! Iranian sites date their articles "۲۱ اردیبهشت ۱۳۹۹" or "1399/02/21" — the same day as
//! 2020-05-10. The arithmetic below is the widely used 33-year-cycle approximation of the
//! astronomical calendar (exact for 1178–1633 SH, far wider than the web's lifetime).

use chrono::NaiveDate;

/// The Gregorian date of Jalali `year`/`month`/`day`, if that day exists.
pub(super) fn jalali_to_gregorian(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let month_length = if month <= 6 { 31 } else { 30 };
    if !(1..=12).contains(&month) || day == 0 || day > month_length {
        return None;
    }
    // Days since the Jalali epoch, shifted so that the Gregorian arithmetic stays positive.
    let jy = i64::from(year) + 1595;
    let month = i64::from(month);
    let month_days = if month < 7 {
        (month - 1) * 31
    } else {
        (month - 7) * 30 + 186
    };
    let mut days =
        -355_668 + 365 * jy + (jy / 33) * 8 + ((jy % 33) + 3) / 4 + i64::from(day) + month_days;
    let mut gy = 400 * (days / 146_097);
    days %= 146_097;
    if days > 36_524 {
        days -= 1;
        gy += 100 * (days / 36_524);
        days %= 36_524;
        if days >= 365 {
            days += 1;
        }
    }
    gy += 4 * (days / 1461);
    days %= 1461;
    if days > 365 {
        gy += (days - 1) / 365;
        days = (days - 1) % 365;
    }
    let start = NaiveDate::from_ymd_opt(i32::try_from(gy).ok()?, 1, 1)?;
    start.checked_add_days(chrono::Days::new(u64::try_from(days).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<NaiveDate> {
        text.parse().ok()
    }

    #[test]
    fn nowruz_and_known_days() {
        assert_eq!(jalali_to_gregorian(1399, 1, 1), date("2020-03-20"));
        assert_eq!(jalali_to_gregorian(1399, 2, 21), date("2020-05-10"));
        assert_eq!(jalali_to_gregorian(1402, 7, 5), date("2023-09-27"));
        assert_eq!(jalali_to_gregorian(1403, 12, 30), date("2025-03-20"));
    }

    #[test]
    fn impossible_days_are_none() {
        assert_eq!(jalali_to_gregorian(1399, 7, 31), None);
        assert_eq!(jalali_to_gregorian(1399, 13, 1), None);
    }
}
