//! Decoding the API's `date-time` strings into `DateTime<Utc>`, faster than chrono alone for
//! the shape lomi. sends and exactly as chrono for every string.
//!
//! chrono reads any RFC 3339 text through its general format parser: about 1,800 instructions
//! for `2025-11-21T13:30:00.000Z`, three times per checkout session. The shape lomi. sends
//! (four-digit year, `T`, seconds below 60, up to nine fraction digits, `Z` or `+00:00`) is
//! read here directly in about a tenth of that; any other text goes to chrono, so what is
//! accepted, what it means and the error for what is refused stay chrono's. The generated
//! types name these functions in `#[serde(deserialize_with)]`; serialising is chrono's.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::de::{self, Deserialize, Deserializer};

/// A `date-time` field.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    d.deserialize_str(Visitor)
}

/// An optional (or nullable) `date-time` field.
pub(crate) fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(Option::<Field>::deserialize(d)?.map(|f| f.0))
}

/// A `date-time` as [`Option`]'s inner value.
struct Field(DateTime<Utc>);

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize(d).map(Field)
    }
}

struct Visitor;

impl de::Visitor<'_> for Visitor {
    type Value = DateTime<Utc>;

    /// chrono's words, so errors read the same as before.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 formatted date and time string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        match fast(text) {
            Some(time) => Ok(time),
            None => text
                .parse::<DateTime<FixedOffset>>()
                .map(|time| time.with_timezone(&Utc))
                .map_err(E::custom),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.f…]` in UTC (`Z` or `+00:00`), with seconds below 60 and at most nine
/// fraction digits; `None` for anything else (which may still be valid: chrono decides).
fn fast(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    let (head, rest) = b.split_at_checked(19)?;
    let digit = |i: usize| {
        let d = head[i].wrapping_sub(b'0');
        (d < 10).then_some(u32::from(d))
    };
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    if [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')]
        .iter()
        .any(|&(i, c)| head[i] != c)
    {
        return None;
    }
    let year = two(0)? * 100 + two(2)?;
    let (month, day) = (two(5)?, two(8)?);
    let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
    // A leap second (`:60`) has rules of its own in chrono.
    if second > 59 {
        return None;
    }
    let (nanos, zone) = match rest.split_first() {
        Some((b'.', fraction)) => {
            let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 || digits > 9 {
                return None;
            }
            let value = fraction[..digits]
                .iter()
                .fold(0, |n, c| n * 10 + u32::from(c - b'0'));
            (value * 10u32.pow(9 - digits as u32), &fraction[digits..])
        }
        _ => (0, rest),
    };
    if zone != b"Z" && zone != b"+00:00" {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some(
        date.and_hms_nano_opt(hour, minute, second, nanos)?
            .and_utc(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chrono(text: &str) -> Option<DateTime<Utc>> {
        text.parse::<DateTime<FixedOffset>>()
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn the_shapes_lomi_sends_take_the_fast_path_and_agree_with_chrono() {
        for text in [
            "2025-11-21T13:30:00.000Z",
            "2025-11-22T13:30:00Z",
            "2025-11-21T13:32:16.240+00:00",
            "2025-11-21T13:32:16.123456789Z",
            "2025-11-21T13:32:16.1Z",
            "2024-02-29T23:59:59.999999Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
        ] {
            assert!(fast(text).is_some(), "{text}");
            assert_eq!(fast(text), chrono(text), "{text}");
        }
    }

    #[test]
    fn other_valid_shapes_are_left_to_chrono() {
        for text in [
            "2025-11-21t13:30:00Z",
            "2025-11-21 13:30:00Z",
            "2025-11-21T13:30:00z",
            "2025-11-21T13:30:00-00:00",
            "2025-11-21T13:30:00+01:00",
            "2025-11-21T13:30:00UTC",
            "2025-11-21T13:30:00.1234567891Z",
            "2016-12-31T23:59:60Z",
            "+12025-11-21T13:30:00Z",
        ] {
            assert_eq!(fast(text), None, "{text}");
        }
    }

    #[test]
    fn invalid_dates_and_times_are_refused_with_chrono_s_error() {
        for text in [
            "2025-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-11-21T24:00:00Z",
            "2025-11-21T13:60:00Z",
            "2025-11-21T13:30:00",
            "2025-11-21T13:30:00.Z",
            "2025-11-21T13:30:00Zjunk",
            "２025-11-21T13:30:00Z",
            "",
        ] {
            assert_eq!(fast(text), None, "{text}");
            let ours = serde_json::from_value::<Wrapped>(serde_json::json!({ "t": text }));
            let theirs = serde_json::from_value::<Plain>(serde_json::json!({ "t": text }));
            assert_eq!(
                ours.unwrap_err().to_string(),
                theirs.unwrap_err().to_string(),
                "{text}"
            );
        }
    }

    #[derive(Debug, serde::Deserialize)]
    struct Wrapped {
        #[serde(default, deserialize_with = "option")]
        #[allow(dead_code)]
        t: Option<DateTime<Utc>>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Plain {
        #[allow(dead_code)]
        t: Option<DateTime<Utc>>,
    }

    #[test]
    fn null_and_absent_are_none_and_a_non_string_is_refused_as_chrono_refuses_it() {
        let none = serde_json::from_str::<Wrapped>(r#"{"t":null}"#).unwrap();
        assert_eq!(none.t, None);
        assert_eq!(serde_json::from_str::<Wrapped>("{}").unwrap().t, None);
        let ours = serde_json::from_str::<Wrapped>(r#"{"t":17}"#).unwrap_err();
        let theirs = serde_json::from_str::<Plain>(r#"{"t":17}"#).unwrap_err();
        assert_eq!(ours.to_string(), theirs.to_string());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Whatever the fast path accepts, chrono accepts as the same instant; whatever it
        /// declines goes to chrono, so the decoder as a whole is chrono's.
        #[test]
        fn the_fast_path_agrees_with_chrono_near_the_shape(
            text in r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{0,11})?(Z|z|\+00:00|-00:00|[+-][0-9]{2}:[0-9]{2}|UTC|)"
        ) {
            if let Some(time) = fast(&text) {
                prop_assert_eq!(Some(time), chrono(&text));
            }
        }

        #[test]
        fn the_fast_path_agrees_with_chrono_on_any_text(text in any::<String>()) {
            if let Some(time) = fast(&text) {
                prop_assert_eq!(Some(time), chrono(&text));
            }
        }

        #[test]
        fn every_valid_utc_time_takes_the_fast_path(
            secs in 0i64..253_402_300_800, nanos in 0u32..1_000_000_000, digits in 0usize..=9
        ) {
            let time = DateTime::from_timestamp(secs, nanos).unwrap();
            let fraction = format!("{nanos:09}");
            let text = match digits {
                0 => format!("{}Z", time.format("%Y-%m-%dT%H:%M:%S")),
                n => format!("{}.{}Z", time.format("%Y-%m-%dT%H:%M:%S"), &fraction[..n]),
            };
            prop_assert!(fast(&text).is_some(), "{}", text);
            prop_assert_eq!(fast(&text), chrono(&text));
        }
    }

    /// The decoder as a whole against chrono's own `Deserialize`, value and error text alike.
    fn same_as_chrono(text: &str) {
        let json = serde_json::json!({ "t": text });
        let ours = serde_json::from_value::<Wrapped>(json.clone()).map(|w| w.t);
        let theirs = serde_json::from_value::<Plain>(json).map(|p| p.t);
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "{text:?}");
        let body = serde_json::to_string(&serde_json::json!({ "t": text })).unwrap();
        let ours = serde_json::from_str::<Wrapped>(&body).map(|w| w.t);
        let theirs = serde_json::from_str::<Plain>(&body).map(|p| p.t);
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "{text:?}");
    }

    #[test]
    fn edge_cases_decode_as_chrono_decodes_them() {
        let mut texts = vec![
            // Every count of fraction digits, and none after the dot.
            "2025-11-21T13:30:00.Z".to_owned(),
            "2025-11-21T13:30:00.+00:00".to_owned(),
        ];
        for digits in 1..=12 {
            texts.push(format!(
                "2025-11-21T13:30:00.{}Z",
                "987654321987".get(..digits).unwrap()
            ));
            texts.push(format!("2025-11-21T13:30:00.{}+00:00", "1".repeat(digits)));
        }
        texts.extend(
            [
                // Leap seconds, valid and not.
                "2016-12-31T23:59:60Z",
                "2016-12-31T23:59:60.5Z",
                "2016-12-31T23:59:60.999999999Z",
                "2025-11-21T13:30:60Z",
                "2025-11-21T13:30:61Z",
                // Offsets that are UTC in other words, and ones that are not.
                "2025-11-21T13:30:00-00:00",
                "2025-11-21T13:30:00+0000",
                "2025-11-21T13:30:00+00",
                "2025-11-21T13:30:00 +00:00",
                "2025-11-21T13:30:00UTC",
                "2025-11-21T13:30:00utc",
                "2025-11-21T13:30:00+23:59",
                "2025-11-21T13:30:00+24:00",
                "2025-11-21T13:30:00Z+00:00",
                "2025-11-21T13:30:00+00:00Z",
                // Case and separators.
                "2025-11-21t13:30:00z",
                "2025-11-21 13:30:00Z",
                "2025-11-21_13:30:00Z",
                // Years at the ends of the range, signed years.
                "0000-01-01T00:00:00Z",
                "0000-01-01T00:00:00+01:00",
                "9999-12-31T23:59:59.999999999Z",
                "9999-12-31T23:59:59-01:00",
                "+10000-01-01T00:00:00Z",
                "-0001-12-31T23:59:59Z",
                // February 29th in leap and common years.
                "2024-02-29T12:00:00Z",
                "2023-02-29T12:00:00Z",
                "2000-02-29T12:00:00Z",
                "1900-02-29T12:00:00Z",
                "0000-02-29T12:00:00Z",
                "2025-04-31T00:00:00Z",
                "2025-00-10T00:00:00Z",
                "2025-11-00T00:00:00Z",
                // Lengths around 19 and 20 bytes.
                "2025-11-21T13:30:00",
                "2025-11-21T13:30:0Z",
                "2025-11-21T13:30:00Z",
                "2025-11-21T13:30:00ZZ",
                "2025-1-21T13:30:00Z",
                "2025-11-21T1:30:00Z",
                // Whitespace anywhere.
                " 2025-11-21T13:30:00Z",
                "2025-11-21T13:30:00Z ",
                "2025-11-21T13:30:00Z\n",
                "2025-11-21T13:30:00\tZ",
                "2025 -11-21T13:30:00Z",
                "2025-11-21T13 :30:00Z",
                // Non-ASCII digits and look-alikes, where the fast path reads bytes.
                "２025-11-21T13:30:00Z",
                "2025-11-21T13:30:0٠Z",
                "2025‐11‐21T13:30:00Z",
                "2025-11-21T13:30:00.５Z",
                "2025-11-21T13:30:00.5Ｚ",
                "2025-11-21T13:30:00\u{0}Z",
                "",
                "Z",
            ]
            .map(str::to_owned),
        );
        for text in &texts {
            same_as_chrono(text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Near the shape, with any character anywhere: same value, or the same error.
        #[test]
        fn the_decoder_is_chrono_s_near_the_shape(
            text in r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{0,11})?(Z|z|\+00:00|-00:00|[+-][0-9]{2}:?[0-9]{2}|UTC|)",
            noise in proptest::option::of((0usize..40, any::<char>())),
        ) {
            let mut text = text;
            if let Some((at, c)) = noise {
                let at = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
                text.insert(at, c);
            }
            same_as_chrono(&text);
        }
    }
}
