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

/// The JSON Schema of an open enum: any string, with the known values listed.
///
/// `{"type": "string", "anyOf": [{"type": "string", "enum": [known…]}, {"type": "string"}]}`:
/// a validator accepts any string, as decoding does, and a reader (or a code generator) sees the
/// known values in the first branch.
#[cfg(feature = "schemars")]
pub(crate) fn json_schema(description: Option<&str>, known: &[&str]) -> schemars::schema::Schema {
    use schemars::schema::{InstanceType, Metadata, SchemaObject, SubschemaValidation};

    let string = |description: Option<&str>, values: Option<Vec<serde_json::Value>>| SchemaObject {
        metadata: description.map(|d| {
            Box::new(Metadata {
                description: Some(d.to_owned()),
                ..Metadata::default()
            })
        }),
        instance_type: Some(InstanceType::String.into()),
        enum_values: values,
        ..SchemaObject::default()
    };
    let known_values = known.iter().map(|v| serde_json::Value::from(*v)).collect();
    let any_of = vec![
        string(
            Some("A value this version of the crate knows."),
            Some(known_values),
        )
        .into(),
        string(
            Some("Any other value: one added since, decoded as `Unknown`."),
            None,
        )
        .into(),
    ];
    SchemaObject {
        subschemas: Some(Box::new(SubschemaValidation {
            any_of: Some(any_of),
            ..SubschemaValidation::default()
        })),
        ..string(description, None)
    }
    .into()
}
