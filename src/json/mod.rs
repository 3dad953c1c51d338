//! JSON as the page reads it: the server writes its answers with serde, the page reads each type
//! with a reader of its own ([`FromJson`]).
//!
//! In the browser the text goes through the browser's own `JSON.parse`, and the readers ask the
//! value for what they expect, so the WASM carries no JSON parser, no float parser and no serde
//! decoders: serde's code, one decoder per type with serde-wasm-bindgen's per type beside it,
//! was 23 KB (gzip -9) of a router's page. Natively the same readers read serde_json's value,
//! which is how the tests run them (`tests/browser_json.rs` runs them in a JS engine).
//!
//! A reader accepts what serde writes for its type, checked by the round trips in the tests of
//! every type: structs as objects (a missing `Option` is `None`), enums as serde's default
//! `"Name"` or `{"Name": value}`, or `rename_all` names.
//! Whole numbers are read from doubles where the browser holds them so: a byte counter past
//! 2^53 (a busy uplink after months) arrives rounded, and the page goes on reading it.

mod codec;
mod value;

pub use codec::JsonTextEncoding;
pub use value::Json;

/// A type the page reads from the JSON the server wrote for it with serde.
pub trait FromJson: Sized {
    fn from_json(json: &Json) -> Result<Self, ReadError>;
}

/// Reads `text` as JSON into `T`. The error says what was wrong, and where, in words.
pub fn from_text<T: FromJson>(text: &str) -> Result<T, String> {
    Json::parse(text)?.read().map_err(|error| error.to_string())
}

/// Why a value could not be read, and where in the answer: `interfaces[3].rx_byte: expected a
/// whole number of at least zero, found a string`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    path: String,
    message: String,
}

impl ReadError {
    pub fn new(message: impl Into<String>) -> Self {
        Self { path: String::new(), message: message.into() }
    }

    pub fn expected(what: &str, found: &Json) -> Self {
        Self::new(format!("expected {what}, found {}", found.kind()))
    }

    /// The error of a value inside another: `step` is `.name` or `[index]`.
    fn within(mut self, step: &str) -> Self {
        self.path.insert_str(0, step);
        self
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.path.strip_prefix('.').unwrap_or(&self.path) {
            "" => f.write_str(&self.message),
            path => write!(f, "{path}: {}", self.message),
        }
    }
}

impl Json {
    pub fn read<T: FromJson>(&self) -> Result<T, ReadError> {
        T::from_json(self)
    }

    /// The member `name` of an object, read as `T`; a missing one reads as `null`.
    pub fn field<T: FromJson>(&self, name: &str) -> Result<T, ReadError> {
        let member = self.member(name).ok_or_else(|| ReadError::expected("an object", self))?;
        T::from_json(&member).map_err(|error| error.within(&format!(".{name}")))
    }

    /// A fieldless enum written as one of `variants`' names.
    pub fn one_of<T: Copy>(&self, variants: &[(&str, T)]) -> Result<T, ReadError> {
        let name = self.as_string().ok_or_else(|| ReadError::expected("a string", self))?;
        match variants.iter().find(|(known, _)| *known == name) {
            Some((_, variant)) => Ok(*variant),
            None => Err(ReadError::new(format!("unknown value {name:?}"))),
        }
    }

    /// An enum as serde writes it by default: its variant's name, and the value it carries
    /// (nothing for a unit variant).
    pub fn variant(&self) -> Result<(String, Json), ReadError> {
        self.tag().ok_or_else(|| ReadError::expected("a name or an object of one member", self))
    }
}

/// The error for a variant name no reader knows.
pub fn unknown_variant(name: &str) -> ReadError {
    ReadError::new(format!("unknown variant {name:?}"))
}

impl FromJson for String {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.as_string().ok_or_else(|| ReadError::expected("a string", json))
    }
}

impl FromJson for bool {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.as_bool().ok_or_else(|| ReadError::expected("true or false", json))
    }
}

impl FromJson for f64 {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.as_f64().ok_or_else(|| ReadError::expected("a number", json))
    }
}

impl FromJson for u64 {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.as_u64().ok_or_else(|| ReadError::expected("a whole number of at least zero", json))
    }
}

impl FromJson for i64 {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.as_i64().ok_or_else(|| ReadError::expected("a whole number", json))
    }
}

impl FromJson for u32 {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.as_u64()
            .and_then(|n| n.try_into().ok())
            .ok_or_else(|| ReadError::expected("a whole number to 2^32", json))
    }
}

impl FromJson for u16 {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.as_u64()
            .and_then(|n| n.try_into().ok())
            .ok_or_else(|| ReadError::expected("a whole number to 65535", json))
    }
}

/// What a server function that answers nothing writes: `null`.
impl FromJson for () {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.is_nothing().then_some(()).ok_or_else(|| ReadError::expected("nothing", json))
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        match json.is_nothing() {
            true => Ok(None),
            false => T::from_json(json).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        let items = json.items().ok_or_else(|| ReadError::expected("an array", json))?;
        items
            .enumerate()
            .map(|(index, item)| T::from_json(&item).map_err(|error| error.within(&format!("[{index}]"))))
            .collect()
    }
}

/// A pair, written as an array of two.
impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        let [a, b] = items::<2>(json)?;
        Ok((a.read()?, b.read()?))
    }
}

/// The first `N` items of an array of exactly `N`: a tuple's.
pub fn items<const N: usize>(json: &Json) -> Result<[Json; N], ReadError> {
    let items: Vec<Json> = json.items().map(Iterator::collect).unwrap_or_default();
    items.try_into().map_err(|_| ReadError::expected(&format!("an array of {N}"), json))
}

/// What a resource of the page hydrates with: serde's `{"Ok": value}` or `{"Err": error}`.
impl<T: FromJson, E: FromJson> FromJson for Result<T, E> {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        let (name, value) = json.variant()?;
        match name.as_str() {
            "Ok" => value.read().map(Ok).map_err(|error| error.within(".Ok")),
            "Err" => value.read().map(Err).map_err(|error| error.within(".Err")),
            _ => Err(unknown_variant(&name)),
        }
    }
}
