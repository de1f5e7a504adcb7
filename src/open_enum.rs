//! Decoding for the generated open enums: any string decodes, unknown ones as `Unknown`.

use std::fmt;
use std::marker::PhantomData;

/// A serde visitor that turns any JSON string into `T` through `From<&str>`/`From<String>`.
pub(crate) struct Visitor<T> {
    name: &'static str,
    ty: PhantomData<T>,
}

impl<T> Visitor<T> {
    pub(crate) fn new(name: &'static str) -> Self {
        Self {
            name,
            ty: PhantomData,
        }
    }
}

impl<T: for<'a> From<&'a str> + From<String>> serde::de::Visitor<'_> for Visitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string ({})", self.name)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}
