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

    /// The error of an array's item `index`.
    fn at(self, index: usize) -> Self {
        self.within(&format!("[{index}]"))
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
        self.name(|name| variants.iter().find(|(known, _)| *known == name).map(|(_, variant)| *variant))
    }

    /// A fieldless enum written as a name that `parse` knows.
    pub fn name<T>(&self, parse: impl FnOnce(&str) -> Option<T>) -> Result<T, ReadError> {
        let name = self.as_string().ok_or_else(|| ReadError::expected("a string", self))?;
        parse(&name).ok_or_else(|| ReadError::new(format!("unknown value {name:?}")))
    }

    /// An enum as serde writes it by default: its variant's name, and the value it carries
    /// (nothing for a unit variant).
    pub fn variant(&self) -> Result<Variant, ReadError> {
        let (name, value) =
            self.tag().ok_or_else(|| ReadError::expected("a name or an object of one member", self))?;
        Ok(Variant { name, value })
    }

    /// The items of an array of exactly `N`: a tuple's.
    pub fn array_of<const N: usize>(&self) -> Result<Items<N>, ReadError> {
        let items: Vec<Json> = self.items().map(Iterator::collect).unwrap_or_default();
        items.try_into().map(Items).map_err(|_| ReadError::expected(&format!("an array of {N}"), self))
    }
}

/// An enum's variant as serde writes it: `"Name"` or `{"Name": value}`. What is read from its
/// value is an error at `.Name`.
pub struct Variant {
    pub name: String,
    value: Json,
}

impl Variant {
    /// The value a newtype variant carries.
    pub fn read<T: FromJson>(&self) -> Result<T, ReadError> {
        self.value.read().map_err(|error| error.within(&format!(".{}", self.name)))
    }

    /// A member of the object a struct variant carries.
    pub fn field<T: FromJson>(&self, name: &str) -> Result<T, ReadError> {
        self.value.field(name).map_err(|error| error.within(&format!(".{}", self.name)))
    }

    /// The error for a name the reader does not know.
    pub fn unknown(&self) -> ReadError {
        ReadError::new(format!("unknown variant {:?}", self.name))
    }
}

/// The items of an array of a known length ([`Json::array_of`]).
pub struct Items<const N: usize>([Json; N]);

impl<const N: usize> Items<N> {
    /// Item `index` (below `N`) read as `T`; its error names the item.
    pub fn read<T: FromJson>(&self, index: usize) -> Result<T, ReadError> {
        self.0[index].read().map_err(|error| error.at(index))
    }
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
            .ok_or_else(|| ReadError::expected("a whole number to 4294967295", json))
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
        // A loop, not `collect()` into a `Result`: that adapter is a large function per type.
        let mut read = Vec::with_capacity(items.size_hint().0);
        for (index, item) in items.enumerate() {
            read.push(T::from_json(&item).map_err(|error| error.at(index))?);
        }
        Ok(read)
    }
}

/// A pair, written as an array of two.
impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        let items = json.array_of::<2>()?;
        Ok((items.read(0)?, items.read(1)?))
    }
}

/// What a resource of the page hydrates with: serde's `{"Ok": value}` or `{"Err": error}`.
impl<T: FromJson, E: FromJson> FromJson for Result<T, E> {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        let variant = json.variant()?;
        match variant.name.as_str() {
            "Ok" => variant.read().map(Ok),
            "Err" => variant.read().map(Err),
            _ => Err(variant.unknown()),
        }
    }
}
