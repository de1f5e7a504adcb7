//! JSON numbers that keep whole values whole on the wire.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON number, as lomi. uses for amounts and quantities.
///
/// Amounts are in the currency's smallest unit (XOF has no minor unit), so they are normally
/// whole: a whole value always goes on the wire as a JSON integer (`15000`, never `15000.0`),
/// while any JSON number the API sends back decodes, fractional ones included. A fractional
/// value that happens to be whole (`15000.0`) is stored as the integer it equals.
///
/// # Example
///
/// ```
/// use lomi::Number;
///
/// let amount = Number::from(15000);
/// assert_eq!(serde_json::to_string(&amount).unwrap(), "15000");
/// assert_eq!(amount.as_i64(), Some(15000));
///
/// let back: Number = serde_json::from_str("15000.0").unwrap();
/// assert_eq!(back, amount);
/// let fraction: Number = serde_json::from_str("12.5").unwrap();
/// assert_eq!(fraction.as_f64(), 12.5);
/// assert_eq!(fraction.as_i64(), None);
/// ```
#[derive(Clone, Copy, PartialEq, PartialOrd)]
pub struct Number(Repr);

#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Repr {
    Int(i64),
    Float(f64),
}

impl Number {
    /// A number from a float; `None` for NaN and infinities, which JSON cannot carry.
    ///
    /// ```
    /// assert_eq!(lomi::Number::from_f64(2.0), Some(lomi::Number::from(2)));
    /// assert!(lomi::Number::from_f64(f64::NAN).is_none());
    /// ```
    pub fn from_f64(value: f64) -> Option<Self> {
        if !value.is_finite() {
            return None;
        }
        // Whole values inside i64's exact range are stored as integers.
        const LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53
        if value.fract() == 0.0 && value.abs() <= LIMIT {
            return Some(Self(Repr::Int(value as i64)));
        }
        Some(Self(Repr::Float(value)))
    }

    /// The value as an integer, when it is whole.
    ///
    /// ```
    /// assert_eq!(lomi::Number::from(7).as_i64(), Some(7));
    /// ```
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Int(v) => Some(v),
            Repr::Float(_) => None,
        }
    }

    /// The value as a float (whole values above 2^53 lose precision).
    ///
    /// ```
    /// assert_eq!(lomi::Number::from(7).as_f64(), 7.0);
    /// ```
    pub fn as_f64(&self) -> f64 {
        match self.0 {
            Repr::Int(v) => v as f64,
            Repr::Float(v) => v,
        }
    }

    /// Whether the value is a whole number.
    ///
    /// ```
    /// assert!(lomi::Number::from(7).is_whole());
    /// ```
    pub fn is_whole(&self) -> bool {
        matches!(self.0, Repr::Int(_))
    }
}

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(value: $t) -> Self {
                Self(Repr::Int(i64::from(value)))
            }
        }
    )*};
}
from_integer!(i8, i16, i32, i64, u8, u16, u32);

impl TryFrom<u64> for Number {
    type Error = std::num::TryFromIntError;
    fn try_from(value: u64) -> Result<Self, Self::Error> {
        i64::try_from(value).map(Self::from)
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Int(v) => write!(f, "{v}"),
            Repr::Float(v) => write!(f, "{v}"),
        }
    }
}

/// The error of parsing a [`Number`] from text that is not a finite number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseNumberError(String);

impl fmt::Display for ParseNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a finite number", self.0)
    }
}

impl std::error::Error for ParseNumberError {}

impl FromStr for Number {
    type Err = ParseNumberError;

    /// ```
    /// let n: lomi::Number = "15000".parse().unwrap();
    /// assert_eq!(n, lomi::Number::from(15000));
    /// assert!("nope".parse::<lomi::Number>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseNumberError(text.to_owned());
        match text.parse::<i64>() {
            Ok(v) => Ok(Self::from(v)),
            Err(_) => text
                .parse::<f64>()
                .ok()
                .and_then(Self::from_f64)
                .ok_or_else(error),
        }
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Repr::Int(v) => serializer.serialize_i64(v),
            Repr::Float(v) => serializer.serialize_f64(v),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::from(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number::try_from(v).unwrap_or(Number(Repr::Float(v as f64))))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Number, E> {
                Number::from_f64(v).ok_or_else(|| E::custom("a number must be finite"))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(n: Number) -> String {
        serde_json::to_string(&n).unwrap()
    }

    fn parse(json: &str) -> Result<Number, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn whole_values_are_integers_on_the_wire() {
        assert_eq!(wire(Number::from(15000)), "15000");
        assert_eq!(wire(Number::from(-3)), "-3");
        assert_eq!(wire(Number::from_f64(50000.0).unwrap()), "50000");
        assert_eq!(wire(Number::from_f64(12.5).unwrap()), "12.5");
    }

    #[test]
    fn any_json_number_decodes() {
        assert_eq!(parse("15000").unwrap(), Number::from(15000));
        assert_eq!(parse("15000.0").unwrap(), Number::from(15000));
        assert_eq!(parse("1.5e4").unwrap(), Number::from(15000));
        assert_eq!(parse("-0.25").unwrap().as_f64(), -0.25);
        assert_eq!(
            parse("18446744073709551615").unwrap().as_f64(),
            1.8446744073709552e19
        );
        assert_eq!(parse("1e308").unwrap().as_f64(), 1e308);
        assert!(parse("\"15000\"").is_err());
        assert!(parse("null").is_err());
    }

    #[test]
    fn text_round_trips() {
        for text in ["0", "15000", "-7", "12.5"] {
            let n: Number = text.parse().unwrap();
            assert_eq!(n.to_string(), text);
        }
        assert!("inf".parse::<Number>().is_err());
        assert!("NaN".parse::<Number>().is_err());
    }
}
