//! `Number` as a merchant uses it: amounts compared, sorted, hashed and sent, by exact value.
//!
//! The reference is `num_rational::BigRational`: an `i64`, a `u64` and an `f64` all become exact
//! arbitrary-precision rationals (`BigRational::from_float` reads the float's exact binary
//! expansion, mantissa times a power of two), so the reference's order is the order of the
//! real numbers, with no rounding anywhere.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashSet};
use std::hash::{Hash, Hasher};

use lomi::Number;
use num_rational::{BigRational, Ratio};
use proptest::prelude::*;

/// How a test made a number: the public constructors, with the value they were given.
#[derive(Debug, Clone, Copy)]
enum Source {
    I64(i64),
    U64(u64),
    F64(f64),
}

impl Source {
    fn number(self) -> Number {
        match self {
            Source::I64(v) => Number::from(v),
            Source::U64(v) => Number::from(v),
            Source::F64(v) => Number::from_f64(v).expect("sources are finite"),
        }
    }

    fn exact(self) -> BigRational {
        match self {
            Source::I64(v) => Ratio::from_integer(v.into()),
            Source::U64(v) => Ratio::from_integer(v.into()),
            Source::F64(v) => BigRational::from_float(v).expect("sources are finite"),
        }
    }
}

fn hash_of(n: &Number) -> u64 {
    let mut h = DefaultHasher::new();
    n.hash(&mut h);
    h.finish()
}

fn float(v: f64) -> Number {
    Number::from_f64(v).unwrap()
}

fn wire(n: Number) -> String {
    serde_json::to_string(&n).unwrap()
}

const P53: i128 = 1 << 53;
const P63: i128 = 1 << 63;
const P64: i128 = 1 << 64;

/// Integers around every boundary of the representations: 2^53 (f64's exact integers),
/// i64's and u64's ends.
const EDGE_INTS: [i128; 14] = [
    0,
    1,
    -1,
    P53,
    -P53,
    P53 + 1,
    -P53 - 1,
    P53 - 1,
    -P53 + 1,
    P63 - 1, // i64::MAX
    -P63,    // i64::MIN
    P63,
    P64 - 1, // u64::MAX
    P64 - 2048,
];

/// Floats around the same boundaries, and beyond: 2^63, 2^64, 2^127, 2^128, the ends of f64,
/// tiny fractions, -0.0.
const EDGE_FLOATS: [f64; 24] = [
    0.0,
    -0.0,
    0.5,
    -0.5,
    1.0,
    5e-324,
    -5e-324,
    f64::MIN_POSITIVE,
    f64::EPSILON,
    9_007_199_254_740_992.0, // 2^53
    -9_007_199_254_740_992.0,
    9_223_372_036_854_775_808.0, // 2^63 (i64::MAX as f64)
    -9_223_372_036_854_775_808.0,
    18_446_744_073_709_551_616.0, // 2^64 (u64::MAX as f64)
    -18_446_744_073_709_551_616.0,
    1e16,
    1e20,
    1_267_650_600_228_229_401_496_703_205_376.0, // 2^100
    170_141_183_460_469_231_731_687_303_715_884_105_728.0, // 2^127
    -170_141_183_460_469_231_731_687_303_715_884_105_728.0,
    340_282_366_920_938_463_463_374_607_431_768_211_456.0, // 2^128
    1e300,
    f64::MAX,
    f64::MIN,
];

/// `v` moved by `steps` representable floats (staying finite).
fn step(mut v: f64, steps: i8) -> f64 {
    for _ in 0..steps.unsigned_abs() {
        let next = if steps > 0 {
            v.next_up()
        } else {
            v.next_down()
        };
        if next.is_finite() {
            v = next;
        }
    }
    v
}

fn int_source(v: i128) -> Source {
    match (i64::try_from(v), u64::try_from(v)) {
        (Ok(v), _) => Source::I64(v),
        (_, Ok(v)) => Source::U64(v),
        // Beyond both: the nearest float, still an exact source.
        _ => Source::F64(v as f64),
    }
}

fn finite_f64() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO
}

fn source() -> impl Strategy<Value = Source> {
    prop_oneof![
        any::<i64>().prop_map(Source::I64),
        any::<u64>().prop_map(Source::U64),
        finite_f64().prop_map(Source::F64),
        // Near the edges, as integers and as floats.
        (prop::sample::select(&EDGE_INTS[..]), -3i128..=3).prop_map(|(v, d)| int_source(v + d)),
        (prop::sample::select(&EDGE_INTS[..]), -3i128..=3)
            .prop_map(|(v, d)| Source::F64((v + d) as f64)),
        (prop::sample::select(&EDGE_FLOATS[..]), -3i8..=3)
            .prop_map(|(v, k)| Source::F64(step(v, k))),
        // Whole floats of every size (what an i64 or u64 rounds to), and halves near 2^52.
        any::<i64>().prop_map(|v| Source::F64(v as f64)),
        any::<u64>().prop_map(|v| Source::F64(v as f64)),
        (-(1i64 << 52)..(1i64 << 52)).prop_map(|v| Source::F64(v as f64 + 0.5)),
        // Small values, where equal pairs are likely.
        (-3i64..=3).prop_map(Source::I64),
        (-6i32..=6).prop_map(|v| Source::F64(f64::from(v) / 2.0)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// `cmp`, `partial_cmp`, `==`, `max`, `min` agree with exact arithmetic, and equal values
    /// hash equally.
    #[test]
    fn order_and_equality_are_by_exact_value(a in source(), b in source()) {
        let (x, y) = (a.number(), b.number());
        let expected = a.exact().cmp(&b.exact());
        prop_assert_eq!(x.cmp(&y), expected, "{:?} vs {:?}", a, b);
        prop_assert_eq!(x.partial_cmp(&y), Some(expected));
        prop_assert_eq!(y.cmp(&x), expected.reverse());
        prop_assert_eq!(x == y, expected.is_eq());
        prop_assert_eq!(x.max(y).cmp(&x).is_ge() && x.max(y).cmp(&y).is_ge(), true);
        prop_assert_eq!(x.min(y).cmp(&x).is_le() && x.min(y).cmp(&y).is_le(), true);
        if x == y {
            prop_assert_eq!(hash_of(&x), hash_of(&y), "{:?} == {:?}", a, b);
        }
    }

    /// Three at a time: the order is transitive, and equality with it.
    #[test]
    fn order_is_transitive(a in source(), b in source(), c in source()) {
        let (x, y, z) = (a.number(), b.number(), c.number());
        if x <= y && y <= z {
            prop_assert!(x <= z, "{:?} <= {:?} <= {:?}", a, b, c);
        }
        if x < y && y <= z {
            prop_assert!(x < z);
        }
        if x == y && y == z {
            prop_assert!(x == z);
            prop_assert_eq!(hash_of(&x), hash_of(&z));
        }
    }

    /// Sorting any list of numbers gives the list sorted by exact value.
    #[test]
    fn sorting_matches_the_reference(sources in prop::collection::vec(source(), 0..24)) {
        let mut numbers: Vec<(Number, Source)> =
            sources.iter().map(|&s| (s.number(), s)).collect();
        numbers.sort_by_key(|pair| pair.0);
        for pair in numbers.windows(2) {
            prop_assert!(pair[0].1.exact() <= pair[1].1.exact(), "{:?}", pair);
        }
        let distinct: BTreeSet<Number> = sources.iter().map(|s| s.number()).collect();
        let hashed: HashSet<Number> = sources.iter().map(|s| s.number()).collect();
        let mut exact: Vec<BigRational> = sources.iter().map(|s| s.exact()).collect();
        exact.sort();
        exact.dedup();
        prop_assert_eq!(distinct.len(), exact.len());
        prop_assert_eq!(hashed.len(), exact.len());
    }

    /// An integer made three ways (integer, whole float, text, JSON) is one value, one hash.
    #[test]
    fn one_value_one_hash_whatever_the_route(v in any::<i64>()) {
        let int = Number::from(v);
        let f = v as f64; // what an f64 can hold near v
        let whole = float(f);
        let exact_f = BigRational::from_float(f).unwrap();
        prop_assert_eq!(int == whole, exact_f == Ratio::from_integer(v.into()));
        // The float's own integer, made as an integer, equals it and hashes like it.
        let same = if let Ok(i) = i64::try_from(exact_f.to_integer()) {
            Number::from(i)
        } else {
            Number::from(u64::try_from(exact_f.to_integer()).unwrap())
        };
        prop_assert_eq!(same, whole);
        prop_assert_eq!(hash_of(&same), hash_of(&whole));
        let text: Number = v.to_string().parse().unwrap();
        let json: Number = serde_json::from_str(&format!("{v}.0")).unwrap();
        prop_assert_eq!(text, int);
        prop_assert_eq!(hash_of(&text), hash_of(&int));
        prop_assert_eq!(json, float((format!("{v}.0")).parse::<f64>().unwrap()));
        prop_assert_eq!(hash_of(&json), hash_of(&float(json.as_f64())));
    }

    /// A whole value within 64 bits goes on the wire as a JSON integer with its exact digits;
    /// any other value as an f64's shortest text, which reads back as the same value. Every
    /// value encodes, and goes through `serde_json::Value`.
    #[test]
    fn the_wire_keeps_exact_digits(s in source()) {
        let n = s.number();
        let exact = s.exact();
        let text = serde_json::to_string(&n).unwrap();
        let back: Number = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, n);
        let value = serde_json::to_value(n).unwrap();
        prop_assert_eq!(serde_json::from_value::<Number>(value).unwrap(), n);
        if n.as_i64().is_some() || n.as_u64().is_some() {
            prop_assert_eq!(&text, &exact.to_integer().to_string());
            prop_assert_eq!(n.to_string(), text);
        } else if !exact.is_integer() {
            prop_assert!(text.contains(['.', 'e']), "{} is a JSON float", text);
            prop_assert!(!n.is_whole());
            prop_assert_eq!(n.to_string().parse::<Number>().unwrap(), n);
        }
    }

    /// Any JSON number text decodes to its exact integer or the f64 nearest it, as Rust's own
    /// correctly rounded parser reads it (serde_json's default parser can be one unit in the
    /// last place off; the crate turns on its `float_roundtrip`).
    #[test]
    fn json_numbers_decode_to_the_nearest_value(
        digits in -99_999_999_999_999_999i64..=99_999_999_999_999_999,
        point in 0usize..=18,
        exponent in -30i32..=30,
    ) {
        let mut text = digits.unsigned_abs().to_string();
        if point > 0 && point < text.len() {
            text.insert(text.len() - point, '.');
        }
        if digits < 0 {
            text.insert(0, '-');
        }
        for text in [text.clone(), format!("{text}e{exponent}")] {
            // An integer's text is read exactly; any other as the nearest f64.
            let expected = match text.parse::<i64>() {
                Ok(v) => Number::from(v),
                Err(_) => float(text.parse::<f64>().unwrap()),
            };
            let decoded: Number = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(decoded, expected, "{}", text);
        }
    }

    /// Any JSON integer within i64 or u64 range decodes exactly and encodes to the same digits.
    #[test]
    fn json_integers_round_trip_exactly(v in any::<i64>(), u in any::<u64>()) {
        for text in [v.to_string(), u.to_string()] {
            let n: Number = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(wire(n), text.clone());
            prop_assert_eq!(n.to_string(), text.clone());
            prop_assert_eq!(text.parse::<Number>().unwrap(), n);
        }
        let n: Number = serde_json::from_str(&u.to_string()).unwrap();
        prop_assert_eq!(n.as_u64(), Some(u));
        prop_assert_eq!(n, Number::from(u));
        let n: Number = serde_json::from_str(&v.to_string()).unwrap();
        prop_assert_eq!(n.as_i64(), Some(v));
    }
}

#[test]
fn a_million_is_more_than_twelve_and_a_half() {
    let million = Number::from(1_000_000);
    let fraction = float(12.5);
    assert!(million > fraction);
    assert!(fraction < million);
    assert_eq!(Number::from(100).max(float(0.5)), Number::from(100));
    assert_eq!(
        std::cmp::max(Number::from(100), float(0.5)),
        Number::from(100)
    );
    assert_eq!(std::cmp::min(Number::from(100), float(0.5)), float(0.5));
}

#[test]
fn amount_paid_against_amount_due() {
    let due: Number = serde_json::from_str("15000").unwrap();
    for (paid, enough) in [
        ("14999.99", false),
        ("15000.0", true),
        ("15000", true),
        ("1.5e4", true),
        ("15000.5", true),
        ("-15000", false),
    ] {
        let paid: Number = serde_json::from_str(paid).unwrap();
        assert_eq!(paid >= due, enough, "{paid} against {due}");
    }
}

#[test]
#[allow(clippy::excessive_precision)] // i64::MAX written as a float literal: it means 2^63
fn integers_no_float_can_hold_compare_exactly() {
    // 2^53 + 1 rounds to 2^53 as an f64; compared exactly it is larger.
    assert!(Number::from(9_007_199_254_740_993_i64) > float(9_007_199_254_740_992.0));
    assert!(Number::from(-9_007_199_254_740_993_i64) < float(-9_007_199_254_740_992.0));
    assert_ne!(
        Number::from(9_007_199_254_740_993_i64),
        float(9_007_199_254_740_992.0)
    );
    // i64::MAX as an f64 is 2^63, one more than i64::MAX.
    assert!(Number::from(i64::MAX) < float(9.223372036854775807e18));
    assert_eq!(Number::from(i64::MIN), float(-9.223372036854775808e18));
    assert!(Number::from(u64::MAX) < float(1.8446744073709552e19));
    assert_eq!(Number::from(1u64 << 63), float(9.223372036854775808e18));
    // Tiny fractions and -0.0.
    assert!(float(5e-324) > Number::from(0));
    assert!(float(-5e-324) < Number::from(0));
    assert_eq!(float(-0.0), Number::from(0));
    assert_eq!(hash_of(&float(-0.0)), hash_of(&Number::from(0)));
}

#[test]
fn whole_floats_go_on_the_wire_with_their_digits() {
    assert_eq!(wire(float(1e16)), "10000000000000000");
    assert_eq!(wire(float(9_007_199_254_740_994.0)), "9007199254740994");
    assert_eq!(wire(float(2f64.powi(60))), "1152921504606846976");
    // Beyond 64 bits, a float that reads back as the same value.
    assert_eq!(wire(float(1e20)), "1e+20");
    for v in [2f64.powi(100), -2f64.powi(100)] {
        assert_eq!(
            serde_json::from_str::<Number>(&wire(float(v))).unwrap(),
            float(v)
        );
    }
    // In a request body too.
    let body = serde_json::json!({ "amount": float(1e16) });
    assert_eq!(body.to_string(), r#"{"amount":10000000000000000}"#);
}

#[test]
fn fractional_amounts_decode_to_the_nearest_float() {
    // Exactly an f64: read back as itself.
    let n: Number = serde_json::from_str("4144269444329259.5").unwrap();
    assert_eq!(n, float(4_144_269_444_329_259.5));
    // Halfway between two f64s: the even one.
    let n: Number = serde_json::from_str("-14586243077966439.0").unwrap();
    assert_eq!(wire(n), "-14586243077966440");
}

/// A body read back from the API can be sent again: every number that decodes encodes, as
/// text and through `serde_json::Value`, and reads back as itself.
#[test]
fn every_number_that_decodes_encodes_and_goes_through_value() {
    for text in [
        "1.7976931348623157e308",
        "-1.7976931348623157e308",
        "1e20",
        "1e300",
        "18446744073709551616",
        "-9223372036854775809",
        "340282366920938463463374607431768211456",
        "5e-324",
        "12.5",
        "15000",
    ] {
        let n: Number = serde_json::from_str(text).unwrap();
        let back: Number = serde_json::from_str(&wire(n)).unwrap();
        assert_eq!(back, n, "{text}");
        let value = serde_json::to_value(n).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            serde_json::from_value::<Number>(value).unwrap(),
            n,
            "{text}"
        );
    }
    // In a response body, too.
    let session: lomi::types::CheckoutSession =
        serde_json::from_str(r#"{"checkout_session_id":"cs_1","amount":1e20}"#).unwrap();
    let value = serde_json::to_value(&session).unwrap();
    let again: lomi::types::CheckoutSession = serde_json::from_value(value).unwrap();
    assert_eq!(again, session);
}

#[test]
fn integers_beyond_u64_decode_to_the_nearest_float() {
    let n: Number = serde_json::from_str("18446744073709551616").unwrap(); // 2^64
    assert_eq!(
        n.to_string(),
        "18446744073709551616",
        "Display keeps the digits"
    );
    assert!(n > Number::from(u64::MAX));
    // Not every such integer is an f64: this one reads as 1e20.
    let n: Number = serde_json::from_str("100000000000000000001").unwrap();
    assert_eq!(n.to_string(), "100000000000000000000");
    // On the wire, the shortest text that reads back as that f64.
    assert_eq!(wire(n), "1e+20");
}

/// A number beyond an `f64` cannot be held: a `Decode` error naming where, not a panic.
#[test]
fn a_number_beyond_f64_is_refused_with_a_clear_error() {
    let err = serde_json::from_str::<Number>("1e400")
        .unwrap_err()
        .to_string();
    // serde_json's message; with its `arbitrary_precision` the text reaches `Number`'s own.
    assert!(
        err.contains("out of range") || err.contains("not a finite number"),
        "{err}"
    );
}

#[test]
fn every_u64_converts() {
    fn order_total(total: u64) -> Option<Number> {
        Some(total.into())
    }
    let amount = order_total(u64::MAX).expect("an amount");
    assert_eq!(amount.as_u64(), Some(u64::MAX));
    assert_eq!(amount.as_i64(), None);
    // Code written against the old `TryFrom<u64>` still compiles, and cannot fail.
    #[allow(clippy::unnecessary_fallible_conversions)]
    let seven = Number::try_from(7u64);
    assert_eq!(seven, Ok(Number::from(7)));
    assert_eq!(Number::from(1u64 << 63).to_string(), "9223372036854775808");
}

#[test]
fn numbers_key_sets_and_maps() {
    let set: HashSet<Number> = [
        Number::from(5),
        float(5.0),
        "5".parse().unwrap(),
        serde_json::from_str("5e0").unwrap(),
    ]
    .into();
    assert_eq!(set.len(), 1);
    let sorted: Vec<Number> =
        BTreeSet::from([float(0.5), Number::from(100), Number::from(-3), float(99.5)])
            .into_iter()
            .collect();
    assert_eq!(
        sorted,
        [Number::from(-3), float(0.5), float(99.5), Number::from(100)]
    );
}

/// Run by CI with serde_json's `arbitrary_precision` unified into this crate (another crate of
/// a user's build may turn it on): every number still decodes, in a response and in a webhook's
/// `data_as`.
#[test]
fn numbers_decode_whatever_features_serde_json_has() {
    for (text, expected) in [
        ("15000", Number::from(15000)),
        ("15000.0", Number::from(15000)),
        ("12.5", float(12.5)),
        ("-0", Number::from(0)),
        ("-0.0", Number::from(0)),
        ("1e4", Number::from(10000)),
        ("18446744073709551615", Number::from(u64::MAX)),
        ("18446744073709551616", float(2f64.powi(64))),
        ("-9223372036854775808", Number::from(i64::MIN)),
    ] {
        let direct: Number = serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(direct, expected, "{text}");
        let session: lomi::types::CheckoutSession = serde_json::from_str(&format!(
            r#"{{"checkout_session_id":"cs_1","amount":{text}}}"#
        ))
        .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(session.amount, Some(expected), "{text}");
        let via_value: Number =
            serde_json::from_value(serde_json::from_str(text).unwrap()).unwrap();
        assert_eq!(via_value, expected, "{text} through Value");
        let body = format!(
            r#"{{"id":"evt_1","event":"PAYMENT_SUCCEEDED","data":{{"checkout_session_id":"cs_1","amount":{text}}}}}"#
        );
        let event = lomi::webhook::verify(
            body.as_bytes(),
            Some(lomi::webhook::sign(body.as_bytes(), "whsec_test").as_str()),
            "whsec_test",
        )
        .unwrap();
        let paid: lomi::types::CheckoutSession = event.data_as().unwrap();
        assert_eq!(paid.amount, Some(expected), "{text} in data_as");
    }
}
