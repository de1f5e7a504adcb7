//! JSON numbers that keep whole values whole on the wire and compare by exact value.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON number, as lomi. uses for amounts and quantities.
///
/// Amounts are in the currency's smallest unit (XOF has no minor unit), so they are normally
/// whole: a whole value always goes on the wire as a JSON integer with its exact digits
/// (`15000`, never `15000.0`; `10000000000000000`, never `1e+16`), while any JSON number the API
/// sends back decodes, fractional ones included.
///
/// # Exact values
///
/// A `Number` holds every `i64` and every `u64` exactly, and any finite `f64`. A fractional
/// value that happens to be whole (`15000.0`) is the integer it equals: each value has a single
/// representation, however it was made.
///
/// Comparison is by exact value: an integer and a fraction compare as the numbers they are,
/// without rounding either to the other's type, so `Number` is [`Eq`], [`Ord`] and [`Hash`],
/// and equal values hash equally. NaN and the infinities cannot be a `Number` (JSON cannot carry
/// them), and `-0.0` is `0`.
///
/// # Limits
///
/// - A JSON integer beyond `u64` (or below `i64::MIN`) decodes to the nearest `f64`, as
///   `serde_json` reads it; so does such text given to [`FromStr`].
/// - A whole value beyond 64 bits (only an `f64` such as `1e20` can hold one) goes on the wire
///   as the f64's shortest text (`1e+20`), which reads back as the same value; `Display` still
///   writes its digits. No amount is that large, and so every `Number` that decodes encodes
///   again, through `serde_json::Value` too.
/// - A JSON number beyond an `f64` (`1e400`) does not decode: serde_json refuses it as out of
///   range, and a response carrying one is a `Decode` error naming the field.
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
///
/// // Ordered by value: a million is more than twelve and a half.
/// assert!(Number::from(1_000_000) > Number::from_f64(12.5).unwrap());
/// assert_eq!(Number::from(100).max(Number::from_f64(0.5).unwrap()), Number::from(100));
///
/// // Large whole values keep their digits.
/// let big = Number::from_f64(1e16).unwrap();
/// assert_eq!(serde_json::to_string(&big).unwrap(), "10000000000000000");
/// ```
#[derive(Clone, Copy)]
pub struct Number(Repr);

/// The representation, canonical: each value has exactly one.
///
/// - every whole value in `i64`'s range is `Int`, whatever it was made from (`-0.0` is `Int(0)`);
/// - every whole value above `i64::MAX` and up to `u64::MAX` is `UInt`;
/// - every other value is `Float`: a finite fraction, or a whole value outside
///   `[i64::MIN, u64::MAX]` (which only an `f64` can hold). Never NaN, never infinite, never
///   `-0.0`.
#[derive(Clone, Copy)]
enum Repr {
    Int(i64),
    UInt(u64),
    Float(f64),
}

/// 2<sup>63</sup>, 2<sup>64</sup>, 2<sup>127</sup> and 2<sup>128</sup> as `f64` (powers of two,
/// so exact).
const TWO_63: f64 = 9_223_372_036_854_775_808.0;
const TWO_64: f64 = 18_446_744_073_709_551_616.0;
const TWO_127: f64 = (1u128 << 127) as f64;
const TWO_128: f64 = TWO_127 * 2.0;

impl Number {
    /// A number from a float; `None` for NaN and infinities, which JSON cannot carry.
    ///
    /// A whole float is the integer it equals (`2.0` is `2`, `-0.0` is `0`), so
    /// [`as_i64`](Self::as_i64) gives it back exactly whenever it fits in an `i64`.
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// assert_eq!(Number::from_f64(2.0), Some(Number::from(2)));
    /// assert_eq!(Number::from_f64(-0.0), Some(Number::from(0)));
    /// assert_eq!(Number::from_f64(1e16).unwrap().as_i64(), Some(10_000_000_000_000_000));
    /// assert!(Number::from_f64(f64::NAN).is_none());
    /// assert!(Number::from_f64(f64::INFINITY).is_none());
    /// ```
    pub fn from_f64(value: f64) -> Option<Self> {
        if !value.is_finite() {
            return None;
        }
        if value.fract() == 0.0 {
            // Both casts are exact: the value is whole and inside the target's range.
            if (-TWO_63..TWO_63).contains(&value) {
                return Some(Self(Repr::Int(value as i64)));
            }
            if (0.0..TWO_64).contains(&value) {
                return Some(Self(Repr::UInt(value as u64)));
            }
        }
        Some(Self(Repr::Float(value)))
    }

    /// The value as an `i64`, when it is whole and fits.
    ///
    /// Exact: a whole value made from a float (`1e16`) fits too, while a fraction, or a value
    /// above `i64::MAX` (see [`as_u64`](Self::as_u64)), gives `None`.
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// assert_eq!(Number::from(7).as_i64(), Some(7));
    /// assert_eq!(Number::from_f64(7.0).unwrap().as_i64(), Some(7));
    /// assert_eq!(Number::from_f64(7.5).unwrap().as_i64(), None);
    /// assert_eq!(Number::from(u64::MAX).as_i64(), None);
    /// ```
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Int(v) => Some(v),
            Repr::UInt(_) | Repr::Float(_) => None,
        }
    }

    /// The value as a `u64`, when it is whole, not negative, and fits.
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// assert_eq!(Number::from(u64::MAX).as_u64(), Some(u64::MAX));
    /// assert_eq!(Number::from(7).as_u64(), Some(7));
    /// assert_eq!(Number::from(-7).as_u64(), None);
    /// assert_eq!(Number::from_f64(0.5).unwrap().as_u64(), None);
    /// ```
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            Repr::Int(v) => u64::try_from(v).ok(),
            Repr::UInt(v) => Some(v),
            Repr::Float(_) => None,
        }
    }

    /// The value as a float: the nearest `f64`, so whole values above 2<sup>53</sup> may round.
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// assert_eq!(Number::from(7).as_f64(), 7.0);
    /// assert_eq!(Number::from_f64(12.5).unwrap().as_f64(), 12.5);
    /// assert_eq!(Number::from(9_007_199_254_740_993_i64).as_f64(), 9_007_199_254_740_992.0);
    /// ```
    pub fn as_f64(&self) -> f64 {
        match self.0 {
            Repr::Int(v) => v as f64,
            Repr::UInt(v) => v as f64,
            Repr::Float(v) => v,
        }
    }

    /// Whether the value is a whole number (such a value goes on the wire as a JSON integer).
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// assert!(Number::from(7).is_whole());
    /// assert!(Number::from_f64(1e20).unwrap().is_whole());
    /// assert!(!Number::from_f64(7.5).unwrap().is_whole());
    /// ```
    pub fn is_whole(&self) -> bool {
        match self.0 {
            Repr::Int(_) | Repr::UInt(_) => true,
            Repr::Float(v) => v.fract() == 0.0,
        }
    }

    /// The value as an exact integer, or the float it is.
    fn exact(self) -> Exact {
        match self.0 {
            Repr::Int(v) => Exact::Whole(i128::from(v)),
            Repr::UInt(v) => Exact::Whole(i128::from(v)),
            Repr::Float(v) => Exact::Float(v),
        }
    }
}

/// A value's kinds for comparison: by the canonical form a `Whole` never equals a `Float`.
#[derive(Clone, Copy)]
enum Exact {
    Whole(i128),
    Float(f64),
}

/// An integer compared with a finite float, exactly (neither is rounded to the other's type).
fn cmp_int_float(int: i128, float: f64) -> Ordering {
    if float >= TWO_127 {
        // Above every i128.
        return Ordering::Less;
    }
    if float < -TWO_127 {
        return Ordering::Greater;
    }
    // floor is exact and whole in [-2^127, 2^127), so the cast to i128 is exact too.
    let floor = float.floor();
    match int.cmp(&(floor as i128)) {
        Ordering::Equal if float != floor => Ordering::Less, // float = floor + a fraction
        ordering => ordering,
    }
}

impl Ord for Number {
    /// By exact value.
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// let paid = Number::from_f64(14_999.5).unwrap();
    /// let due = Number::from(15_000);
    /// assert!(paid < due);
    /// // An i64 that no f64 can hold, against its nearest f64: no rounding on either side.
    /// let two_53 = Number::from_f64(9_007_199_254_740_992.0).unwrap();
    /// assert!(Number::from(9_007_199_254_740_993_i64) > two_53);
    /// assert!(Number::from(i64::MAX) < Number::from_f64(9.223372036854775807e18).unwrap());
    /// ```
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.exact(), other.exact()) {
            (Exact::Whole(a), Exact::Whole(b)) => a.cmp(&b),
            (Exact::Whole(a), Exact::Float(b)) => cmp_int_float(a, b),
            (Exact::Float(a), Exact::Whole(b)) => cmp_int_float(b, a).reverse(),
            // Neither is NaN nor -0.0, where the IEEE total order and the numeric one differ.
            (Exact::Float(a), Exact::Float(b)) => a.total_cmp(&b),
        }
    }
}

impl PartialOrd for Number {
    /// Always `Some`, by exact value; see [`Ord`].
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// assert!(Number::from(1_000_000) > Number::from_f64(12.5).unwrap());
    /// ```
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Number {
    /// Equal by exact value, whatever the number was made from.
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// assert_eq!(Number::from(5), Number::from_f64(5.0).unwrap());
    /// assert_eq!(Number::from(0), Number::from_f64(-0.0).unwrap());
    /// assert_ne!(Number::from(9_007_199_254_740_993_i64), Number::from_f64(9_007_199_254_740_992.0).unwrap());
    /// ```
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Number {}

impl Hash for Number {
    /// Equal values hash equally, whatever the number was made from.
    ///
    /// ```
    /// use std::collections::HashSet;
    /// use lomi::Number;
    ///
    /// let set: HashSet<Number> = [Number::from(5), Number::from_f64(5.0).unwrap()].into();
    /// assert_eq!(set.len(), 1);
    /// ```
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Canonical form: equal values are both `Whole` with the same integer, or both `Float`
        // with the same bits (never -0.0, never NaN).
        match self.exact() {
            Exact::Whole(v) => {
                state.write_u8(0);
                v.hash(state);
            }
            Exact::Float(v) => {
                state.write_u8(1);
                v.to_bits().hash(state);
            }
        }
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

impl From<u64> for Number {
    /// Exact for every `u64`. `Number::try_from(u64)` still compiles, through the standard
    /// library's blanket impl, and can no longer fail (its error type is now
    /// [`Infallible`](std::convert::Infallible) instead of `TryFromIntError`).
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// let total: u64 = 18_446_744_073_709_551_615;
    /// let amount: Option<Number> = Some(total.into());
    /// assert_eq!(serde_json::to_string(&amount).unwrap(), "18446744073709551615");
    /// ```
    fn from(value: u64) -> Self {
        match i64::try_from(value) {
            Ok(v) => Self(Repr::Int(v)),
            Err(_) => Self(Repr::UInt(value)),
        }
    }
}

/// A whole float's exact integer, when it fits in 128 bits.
enum Wide {
    Signed(i128),
    Unsigned(u128),
}

/// The exact integer of a whole finite float, or `None` outside `[-2^127, 2^128)`.
fn wide(value: f64) -> Option<Wide> {
    // Each cast is exact: the value is whole and inside the target's range.
    if (-TWO_127..0.0).contains(&value) {
        Some(Wide::Signed(value as i128))
    } else if (0.0..TWO_128).contains(&value) {
        Some(Wide::Unsigned(value as u128))
    } else {
        None
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Number {
    /// The value as its JSON text: whole values with their exact digits.
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// assert_eq!(Number::from(15000).to_string(), "15000");
    /// assert_eq!(Number::from_f64(12.5).unwrap().to_string(), "12.5");
    /// assert_eq!(Number::from_f64(1e20).unwrap().to_string(), "100000000000000000000");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Int(v) => write!(f, "{v}"),
            Repr::UInt(v) => write!(f, "{v}"),
            Repr::Float(v) => match wide(v).filter(|_| v.fract() == 0.0) {
                Some(Wide::Signed(v)) => write!(f, "{v}"),
                Some(Wide::Unsigned(v)) => write!(f, "{v}"),
                // A fraction, or a whole value beyond 128 bits: the shortest digits that read
                // back as the same f64 (Rust writes no exponent, so `1e300` is 1 and 300 zeros).
                None => write!(f, "{v}"),
            },
        }
    }
}

/// The error of parsing a [`Number`] from text that is not a finite number.
///
/// ```
/// let error = "twelve".parse::<lomi::Number>().unwrap_err();
/// assert_eq!(error.to_string(), "`twelve` is not a finite number");
/// ```
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

    /// Integers in `i64` or `u64` range exactly; any other number text as the nearest `f64`.
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// let n: Number = "15000".parse().unwrap();
    /// assert_eq!(n, Number::from(15000));
    /// let max: Number = "18446744073709551615".parse().unwrap();
    /// assert_eq!(max, Number::from(u64::MAX));
    /// assert!("nope".parse::<Number>().is_err());
    /// assert!("inf".parse::<Number>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Ok(v) = text.parse::<i64>() {
            return Ok(Self::from(v));
        }
        if let Ok(v) = text.parse::<u64>() {
            return Ok(Self::from(v));
        }
        text.parse::<f64>()
            .ok()
            .and_then(Self::from_f64)
            .ok_or_else(|| ParseNumberError(text.to_owned()))
    }
}

impl Serialize for Number {
    /// Whole values within 64 bits as JSON integers with their exact digits; fractions, and
    /// whole values beyond 64 bits, as JSON floats that read back as the same value. Never
    /// fails.
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// let two_60 = Number::from_f64(1_152_921_504_606_846_976.0).unwrap();
    /// assert_eq!(serde_json::to_string(&two_60).unwrap(), "1152921504606846976");
    /// let huge = Number::from_f64(1e300).unwrap();
    /// assert_eq!(serde_json::to_string(&huge).unwrap(), "1e+300");
    /// assert!(serde_json::to_value(huge).is_ok());
    /// ```
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Repr::Int(v) => serializer.serialize_i64(v),
            Repr::UInt(v) => serializer.serialize_u64(v),
            // A fraction, or a whole value beyond 64 bits (a whole value within them is an
            // `Int` or a `UInt`): every serializer takes an f64, `serde_json::Value` included,
            // which takes no 128-bit integer.
            Repr::Float(v) => serializer.serialize_f64(v),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    /// Any JSON number: integers within `i64` or `u64` range exactly, any other as the nearest
    /// `f64` (as `serde_json` reads them).
    ///
    /// ```
    /// use lomi::Number;
    ///
    /// let n: Number = serde_json::from_str("18446744073709551615").unwrap();
    /// assert_eq!(n.as_u64(), Some(u64::MAX));
    /// assert_eq!(serde_json::to_string(&n).unwrap(), "18446744073709551615");
    /// assert!(serde_json::from_str::<Number>("\"15000\"").is_err());
    /// ```
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::from(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number::from(v))
            }
            fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Number, E> {
                match (i64::try_from(v), u64::try_from(v)) {
                    (Ok(v), _) => Ok(Number::from(v)),
                    (_, Ok(v)) => Ok(Number::from(v)),
                    _ => self.visit_f64(v as f64),
                }
            }
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Number, E> {
                match u64::try_from(v) {
                    Ok(v) => Ok(Number::from(v)),
                    Err(_) => self.visit_f64(v as f64),
                }
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Number, E> {
                Number::from_f64(v).ok_or_else(|| E::custom("a number must be finite"))
            }
            /// serde_json with its `arbitrary_precision` feature (which Cargo turns on here when
            /// any crate of the build asks for it) hands a number over as a one-entry map from
            /// a private key to the number's text: read it as [`FromStr`] reads text.
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Number, A::Error> {
                use serde::de::Error as _;
                const TOKEN: &str = "$serde_json::private::Number";
                match map.next_key::<std::borrow::Cow<'de, str>>()? {
                    Some(key) if key == TOKEN => {
                        let text: std::borrow::Cow<'de, str> = map.next_value()?;
                        text.parse().map_err(|_| {
                            A::Error::custom(format_args!("{text} is not a finite number"))
                        })
                    }
                    _ => Err(A::Error::invalid_type(serde::de::Unexpected::Map, &self)),
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// With the `schemars` feature: a `Number` is a JSON number, `{"type": "number"}`, any number
/// (the spec types amounts and quantities as `number`: a response may carry a fraction).
///
/// Written inline where a field uses it (no `$ref`): `Amount` and `Quantity` are aliases of
/// `Number`, and a shared definition named `Number` would match neither of the spec's names.
///
/// ```
/// let schema = schemars::schema_for!(lomi::Number);
/// let json = serde_json::to_value(&schema.schema).unwrap();
/// assert_eq!(json["type"], "number");
/// ```
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Number {
    fn schema_name() -> String {
        "Number".to_owned()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("lomi::Number")
    }

    fn is_referenceable() -> bool {
        false
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::Number.into()),
            ..Default::default()
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written inline, as `{"type": "number"}`, wherever a field is a `Number`.
    #[cfg(feature = "schemars")]
    #[test]
    fn a_number_describes_itself_inline_as_a_json_number() {
        #[derive(schemars::JsonSchema)]
        #[allow(dead_code, reason = "only its schema is read")]
        struct Priced {
            amount: Number,
        }
        let root = schemars::schema_for!(Priced);
        let json = serde_json::to_value(&root).unwrap();
        assert_eq!(
            json["properties"]["amount"],
            serde_json::json!({"type": "number"})
        );
        assert!(json.get("definitions").is_none(), "{json}");
    }

    #[test]
    fn whole_floats_show_their_exact_digits_negative_ones_too() {
        let big = 2f64.powi(70);
        assert_eq!(
            Number::from_f64(big).unwrap().to_string(),
            "1180591620717411303424"
        );
        assert_eq!(
            Number::from_f64(-big).unwrap().to_string(),
            "-1180591620717411303424"
        );
        // Debug is the same text.
        assert_eq!(
            format!("{:?}", Number::from_f64(-big).unwrap()),
            "-1180591620717411303424"
        );
        assert_eq!(format!("{:?}", Number::from(5)), "5");
    }

    #[test]
    fn different_values_hash_differently() {
        use std::hash::BuildHasher;
        let hasher = std::collections::hash_map::RandomState::new();
        let hashes: std::collections::HashSet<u64> = (0..100)
            .map(|i| hasher.hash_one(Number::from(i)))
            .chain([hasher.hash_one(Number::from_f64(0.5).unwrap())])
            .collect();
        // A constant hash would keep a HashMap of amounts correct but make every lookup a
        // scan; 101 values, 101 hashes.
        assert_eq!(hashes.len(), 101);
    }

    #[test]
    fn decoding_reads_every_form_a_deserializer_may_hand_over() {
        use serde::de::IntoDeserializer;
        type E = serde::de::value::Error;
        let i128 = |v: i128| Number::deserialize(IntoDeserializer::<E>::into_deserializer(v));
        // An i128 that fits 64 bits stays exact: as a float it would lose its last digits.
        let near = -(1i128 << 62) - 1;
        assert_eq!(i128(near).unwrap().as_i64(), Some(near as i64));
        assert_eq!(i128(1 << 64).unwrap().as_f64(), 2f64.powi(64));
        // serde_json's arbitrary-precision form: a one-entry map from its private key.
        let token = serde_json::from_str::<Number>(r#"{"$serde_json::private::Number":"12.5"}"#);
        assert_eq!(token.unwrap(), Number::from_f64(12.5).unwrap());
        let other = serde_json::from_str::<Number>(r#"{"amount":"12.5"}"#).unwrap_err();
        assert!(other.to_string().contains("expected a number"), "{other}");
        let text = serde_json::from_str::<Number>(r#""15000""#).unwrap_err();
        assert!(text.to_string().contains("expected a number"), "{text}");
    }

    #[test]
    fn a_parse_error_names_the_text() {
        let e = "twelve".parse::<Number>().unwrap_err();
        assert_eq!(e.to_string(), "`twelve` is not a finite number");
    }

    #[test]
    fn whole_numbers_are_told_from_fractions() {
        assert!(Number::from(7).is_whole());
        assert!(Number::from(u64::MAX).is_whole());
        assert!(Number::from_f64(1e20).unwrap().is_whole());
        assert!(Number::from_f64(-0.0).unwrap().is_whole());
        assert!(!Number::from_f64(7.5).unwrap().is_whole());
        assert!(!Number::from_f64(-0.25).unwrap().is_whole());
    }

    fn wire(n: Number) -> String {
        serde_json::to_string(&n).unwrap()
    }

    fn parse(json: &str) -> Result<Number, serde_json::Error> {
        serde_json::from_str(json)
    }

    fn float(v: f64) -> Number {
        Number::from_f64(v).unwrap()
    }

    #[test]
    fn whole_values_are_integers_on_the_wire() {
        assert_eq!(wire(Number::from(15000)), "15000");
        assert_eq!(wire(Number::from(-3)), "-3");
        assert_eq!(wire(float(50000.0)), "50000");
        assert_eq!(wire(float(12.5)), "12.5");
        assert_eq!(wire(float(1e16)), "10000000000000000");
        assert_eq!(wire(float(9_007_199_254_740_994.0)), "9007199254740994");
        assert_eq!(wire(float(2f64.powi(60))), "1152921504606846976");
        // Beyond 64 bits: the f64's shortest text, which reads back as the same value.
        for v in [
            1e20,
            -1e20,
            2f64.powi(100),
            -TWO_127,
            TWO_128 - 2f64.powi(75),
        ] {
            assert_eq!(parse(&wire(float(v))).unwrap(), float(v), "{v}");
        }
        assert_eq!(wire(float(1e20)), "1e+20");
    }

    #[test]
    fn whole_values_beyond_128_bits_encode_and_read_back() {
        for v in [TWO_128, -TWO_127 - 2f64.powi(75), 1e300, f64::MAX, f64::MIN] {
            assert_eq!(parse(&wire(float(v))).unwrap(), float(v), "{v}");
        }
    }

    #[test]
    fn the_representation_is_canonical() {
        assert!(matches!(float(-0.0).0, Repr::Int(0)));
        assert!(matches!(float(-TWO_63).0, Repr::Int(i64::MIN)));
        assert!(matches!(float(TWO_63).0, Repr::UInt(v) if v == 1 << 63));
        assert!(matches!(float(TWO_64).0, Repr::Float(_)));
        assert!(matches!(
            Number::from(i64::MAX as u64).0,
            Repr::Int(i64::MAX)
        ));
        assert!(matches!(Number::from(u64::MAX).0, Repr::UInt(u64::MAX)));
        assert!(matches!(float(0.5).0, Repr::Float(_)));
        assert!(matches!("-0".parse::<Number>().unwrap().0, Repr::Int(0)));
        assert!(matches!("-0.0".parse::<Number>().unwrap().0, Repr::Int(0)));
    }

    #[test]
    fn integer_against_float_is_exact() {
        use Ordering::*;
        let cases: [(i128, f64, Ordering); 14] = [
            (9_007_199_254_740_993, 9_007_199_254_740_992.0, Greater),
            (9_007_199_254_740_991, 9_007_199_254_740_992.0, Less),
            (i64::MAX.into(), TWO_63, Less),
            (i64::MIN.into(), -TWO_63, Equal),
            (i64::MIN.into(), -TWO_63 - 2048.0, Greater),
            (u64::MAX.into(), TWO_64, Less),
            (0, -0.0, Equal),
            (0, 5e-324, Less),
            (0, -5e-324, Greater),
            (-1, -0.5, Less),
            (-1, -1.5, Greater),
            (i128::MAX, TWO_127, Less),
            (i128::MIN, -TWO_127, Equal),
            (i128::MIN, f64::MIN, Greater),
        ];
        for (int, float, expected) in cases {
            assert_eq!(cmp_int_float(int, float), expected, "{int} vs {float:e}");
        }
    }

    #[test]
    fn any_json_number_decodes() {
        assert_eq!(parse("15000").unwrap(), Number::from(15000));
        assert_eq!(parse("15000.0").unwrap(), Number::from(15000));
        assert_eq!(parse("1.5e4").unwrap(), Number::from(15000));
        assert_eq!(parse("-0.25").unwrap().as_f64(), -0.25);
        assert_eq!(
            parse("18446744073709551615").unwrap(),
            Number::from(u64::MAX)
        );
        assert_eq!(
            parse("18446744073709551615").unwrap().as_f64(),
            1.8446744073709552e19
        );
        assert_eq!(parse("1e308").unwrap().as_f64(), 1e308);
        assert!(parse("\"15000\"").is_err());
        assert!(parse("null").is_err());
    }

    #[test]
    fn wide_integers_from_other_formats_decode() {
        use serde::de::IntoDeserializer;
        use serde::de::value::Error;
        let i = |v: i128| Number::deserialize(IntoDeserializer::<Error>::into_deserializer(v));
        let u = |v: u128| Number::deserialize(IntoDeserializer::<Error>::into_deserializer(v));
        assert_eq!(i(-5).unwrap(), Number::from(-5));
        assert_eq!(i(u64::MAX.into()).unwrap(), Number::from(u64::MAX));
        assert_eq!(i(i128::MIN).unwrap(), float(-TWO_127));
        assert_eq!(u(u64::MAX.into()).unwrap(), Number::from(u64::MAX));
        assert_eq!(u(u128::MAX).unwrap(), float(TWO_128));
    }

    #[test]
    fn text_round_trips() {
        for text in [
            "0",
            "15000",
            "-7",
            "12.5",
            "18446744073709551615",
            "-9223372036854775808",
        ] {
            let n: Number = text.parse().unwrap();
            assert_eq!(n.to_string(), text);
        }
        assert!("inf".parse::<Number>().is_err());
        assert!("NaN".parse::<Number>().is_err());
    }

    #[test]
    fn a_number_stays_two_words() {
        assert_eq!(std::mem::size_of::<Number>(), 16);
    }
}
