//! Calendar dates as records write them: a TOML date (`2026-03-02`) or a string in that form.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// Today, on this computer's clock.
    pub fn today() -> Self {
        Date(chrono::Local::now().date_naive())
    }

    /// Parses `YYYY-MM-DD`, rejecting dates that do not exist (such as 30 February).
    pub fn parse_iso(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let well_formed = parts.len() == 3
            && parts[0].len() == 4
            && parts[1].len() == 2
            && parts[2].len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return Err(format!(
                "\"{}\" is not a date in the form YYYY-MM-DD (for example 2026-03-02)",
                crate::text::printable(text)
            ));
        }
        let year: i32 = parts[0].parse().map_err(|_| "bad year".to_string())?;
        let month: u32 = parts[1].parse().map_err(|_| "bad month".to_string())?;
        let day: u32 = parts[2].parse().map_err(|_| "bad day".to_string())?;
        Date::from_ymd(year, month, day)
            .ok_or_else(|| format!("{text} is not a real date: check the day and the month"))
    }

    pub fn add_days(self, days: i64) -> Self {
        self.0
            .checked_add_signed(chrono::Duration::days(days))
            .map(Date)
            .unwrap_or(Date(NaiveDate::MAX))
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        (later.0 - self.0).num_days()
    }

    /// `2026-03-02`: chrono's own display of a date, the same as `format("%Y-%m-%d")` without
    /// reading a format string each time (the privacy scan writes every date of every record).
    pub fn iso(self) -> String {
        self.0.to_string()
    }

    /// The date for people: `1 November 2026` (the year as a plain number, not padded).
    pub fn long(self) -> String {
        format!("{} {}", self.0.format("%-d %B"), self.0.year())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.long())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 2026-03-02")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        Date::parse_iso(v).map_err(E::custom)
    }

    /// toml hands a date over as a table of one entry: a private key, and the date as text.
    /// A plain date is read here directly; anything else goes through toml's own reading of
    /// the text, which says what is wrong with it.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        let key: Option<String> = map.next_key()?;
        if key.as_deref() != Some(TOML_DATETIME_KEY) {
            return Err(de::Error::custom(
                "this is a table in braces, not a date in the form YYYY-MM-DD",
            ));
        }
        let text: String = map.next_value()?;
        if let Some(date) = plain_iso_date(&text) {
            return Ok(date);
        }
        let datetime: toml::value::Datetime = text.parse().map_err(de::Error::custom)?;
        match (datetime.date, datetime.time, datetime.offset) {
            (Some(d), None, None) => Date::from_ymd(d.year as i32, d.month as u32, d.day as u32)
                .ok_or_else(|| de::Error::custom(format!("{datetime} is not a real date"))),
            _ => Err(de::Error::custom(format!(
                "{datetime} has a time; give the date only, for example 2026-03-02"
            ))),
        }
    }
}

/// The key under which toml hands over a date (`toml_datetime`'s private `FIELD`; the test
/// `toml_dates_are_read` fails should it change).
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

/// A `YYYY-MM-DD` date that exists, read without allocating; `None` for anything else.
fn plain_iso_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Date::from_ymd(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date: a TOML date such as 2026-03-02, or a string in that form.",
            "type": "string",
            "format": "date"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_have_no_leading_zero() {
        assert_eq!(
            Date::from_ymd(2026, 11, 1).unwrap().long(),
            "1 November 2026"
        );
        assert_eq!(Date::from_ymd(2026, 3, 12).unwrap().long(), "12 March 2026");
        let early = Date::from_ymd(5, 1, 9).unwrap();
        assert_eq!(
            (early.long().as_str(), early.iso().as_str()),
            ("9 January 5", "0005-01-09")
        );
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut day = Date::from_ymd(-3, 12, 25).unwrap();
        let mut days = vec![day];
        while day.0.year() < 10_003 {
            day = day.add_days(if day.0.year() < 3 || day.0.year() > 9_997 {
                1
            } else {
                97
            });
            days.push(day);
        }
        for day in days {
            assert_eq!(day.iso(), day.0.format("%Y-%m-%d").to_string());
            assert_eq!(
                day.long(),
                format!("{} {} {}", day.0.day(), day.0.format("%B"), day.0.year())
            );
        }
    }

    #[test]
    fn toml_dates_are_read() {
        #[derive(Deserialize)]
        struct Record {
            on: Date,
        }
        let read = |text: &str| toml::from_str::<Record>(text).map(|r| r.on);
        assert_eq!(
            read("on = 2026-03-02").unwrap(),
            Date::from_ymd(2026, 3, 2).unwrap()
        );
        assert_eq!(
            read("on = \"2026-03-02\"").unwrap(),
            Date::from_ymd(2026, 3, 2).unwrap()
        );
        let has_time = read("on = 2026-03-02T10:00:00").unwrap_err().to_string();
        assert!(
            has_time.contains("2026-03-02T10:00:00 has a time"),
            "{has_time}"
        );
        let table = read("on = { year = 2026 }").unwrap_err().to_string();
        assert!(
            table.contains("not a date in the form YYYY-MM-DD"),
            "{table}"
        );
        assert!(plain_iso_date("2026-02-30").is_none());
        assert!(plain_iso_date("2026-2-03").is_none());
        assert!(plain_iso_date("+026-02-03").is_none());
        assert_eq!(plain_iso_date("2028-02-29"), Date::from_ymd(2028, 2, 29));
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(Date::parse_iso("2026-02-30").is_err());
        assert!(Date::parse_iso("2026-2-3").is_err());
        assert!(Date::parse_iso("2028-02-29").is_ok());
        assert!(Date::parse_iso("2027-02-29").is_err());
    }

    #[test]
    fn adding_days_crosses_month_ends_and_leap_years() {
        let d = Date::from_ymd(2028, 2, 1).unwrap();
        assert_eq!(d.add_days(28), Date::from_ymd(2028, 2, 29).unwrap());
        assert_eq!(d.add_days(29), Date::from_ymd(2028, 3, 1).unwrap());
        let d = Date::from_ymd(2027, 1, 31).unwrap();
        assert_eq!(d.add_days(28), Date::from_ymd(2027, 2, 28).unwrap());
        assert_eq!(
            Date::from_ymd(2026, 12, 31).unwrap().add_days(1).iso(),
            "2027-01-01"
        );
    }
}
