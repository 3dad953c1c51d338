//! A JSON value as the page holds it: in the browser the value `JSON.parse` made, natively
//! serde_json's. The readers ([`super::FromJson`]) ask it the same questions either way, so the
//! native tests run the very readers the browser does.

#[cfg(feature = "hydrate")]
use wasm_bindgen::{JsCast, JsValue};

/// A JSON value, or nothing where an object has no such member.
#[derive(Debug, Clone)]
pub struct Json(
    #[cfg(feature = "hydrate")] JsValue,
    // `Null` for a missing member too: the readers treat both alike.
    #[cfg(not(feature = "hydrate"))] serde_json::Value,
);

#[cfg(feature = "hydrate")]
impl Json {
    /// Parses `text` with the browser's `JSON.parse`.
    pub fn parse(text: &str) -> Result<Self, String> {
        // The message only: a JS error's Debug carries its stack.
        js_sys::JSON::parse(text).map(Json).map_err(|error| match error.dyn_ref::<js_sys::Error>() {
            Some(error) => format!("not JSON: {}", String::from(error.message())),
            None => "not JSON".to_owned(),
        })
    }

    /// `null`, or a member the object does not have.
    pub fn is_nothing(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }

    pub fn as_string(&self) -> Option<String> {
        self.0.as_string()
    }

    pub fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    pub fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }

    /// A whole number of at least zero. `JSON.parse` holds every number as a double, so one
    /// past 2^53 arrives rounded; 2^64 and more saturate to `u64::MAX`, and a number too large
    /// for a double (`1e400`, which `JSON.parse` makes `Infinity`) is refused.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_f64().and_then(whole_u64)
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.as_f64().and_then(whole_i64)
    }

    /// The items of an array.
    pub fn items(&self) -> Option<impl Iterator<Item = Json> + '_> {
        let array = self.0.dyn_ref::<js_sys::Array>()?;
        Some(array.iter().map(Json))
    }

    /// The member `name` of an object (nothing when it has none), or `None` for a non-object.
    /// `Reflect.get` also finds what an object inherits: the names asked for are the model's
    /// field names, none of which `Object.prototype` has (`toString`, `constructor`…).
    pub fn member(&self, name: &str) -> Option<Json> {
        let object = self.as_object()?;
        js_sys::Reflect::get(object, &JsValue::from_str(name)).ok().map(Json)
    }

    /// An enum as serde writes it by default: `"Name"`, or `{"Name": value}`.
    pub fn tag(&self) -> Option<(String, Json)> {
        if let Some(name) = self.0.as_string() {
            return Some((name, Json(JsValue::UNDEFINED)));
        }
        let keys = js_sys::Object::keys(self.as_object()?);
        let name = (keys.length() == 1).then(|| keys.get(0).as_string()).flatten()?;
        let value = self.member(&name)?;
        Some((name, value))
    }

    /// What the value is, for an error message.
    pub fn kind(&self) -> &'static str {
        if self.is_nothing() {
            "nothing"
        } else if self.0.as_string().is_some() {
            "a string"
        } else if self.0.as_f64().is_some() {
            "a number"
        } else if self.0.as_bool().is_some() {
            "a boolean"
        } else if js_sys::Array::is_array(&self.0) {
            "an array"
        } else {
            "an object"
        }
    }

    fn as_object(&self) -> Option<&js_sys::Object> {
        // An array is an object to JavaScript, and not to JSON.
        (self.0.is_object() && !js_sys::Array::is_array(&self.0)).then(|| self.0.unchecked_ref())
    }
}

#[cfg(not(feature = "hydrate"))]
impl Json {
    /// Parses `text` with serde_json.
    pub fn parse(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map(Json).map_err(|error| format!("not JSON: {error}"))
    }

    pub fn is_nothing(&self) -> bool {
        self.0.is_null()
    }

    pub fn as_string(&self) -> Option<String> {
        self.0.as_str().map(str::to_owned)
    }

    pub fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    pub fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }

    /// A whole number of at least zero: exact as written, or a whole double as the browser
    /// holds one (saturating to `u64::MAX`).
    pub fn as_u64(&self) -> Option<u64> {
        self.0.as_u64().or_else(|| self.as_f64().and_then(whole_u64))
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.0.as_i64().or_else(|| self.as_f64().and_then(whole_i64))
    }

    pub fn items(&self) -> Option<impl Iterator<Item = Json> + '_> {
        Some(self.0.as_array()?.iter().cloned().map(Json))
    }

    pub fn member(&self, name: &str) -> Option<Json> {
        Some(Json(self.0.as_object()?.get(name).cloned().unwrap_or_default()))
    }

    pub fn tag(&self) -> Option<(String, Json)> {
        match &self.0 {
            serde_json::Value::String(name) => Some((name.clone(), Json(serde_json::Value::Null))),
            serde_json::Value::Object(object) if object.len() == 1 => {
                object.iter().next().map(|(name, value)| (name.clone(), Json(value.clone())))
            }
            _ => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        use serde_json::Value;
        match self.0 {
            Value::Null => "nothing",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A double that is a whole number of at least zero, as a `u64`; past `u64::MAX` it saturates.
fn whole_u64(n: f64) -> Option<u64> {
    (n >= 0.0 && n.fract() == 0.0).then_some(n as u64)
}

/// A double that is a whole number within `i64`'s range: -2^63 is in it, 2^63 the first double
/// past it.
fn whole_i64(n: f64) -> Option<i64> {
    const TWO_TO_63: f64 = 9_223_372_036_854_775_808.0;
    (n.fract() == 0.0 && (-TWO_TO_63..TWO_TO_63).contains(&n)).then_some(n as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_read_from_doubles_to_the_ends_of_their_range() {
        assert_eq!(whole_i64(-9_223_372_036_854_775_808.0), Some(i64::MIN));
        assert_eq!(whole_i64(9_223_372_036_854_775_808.0), None);
        assert_eq!(whole_i64(-1.0), Some(-1));
        assert_eq!(whole_u64(18_446_744_073_709_551_616.0), Some(u64::MAX));
        assert_eq!(whole_u64(-1.0), None);
        for not_whole in [0.5, f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
            assert_eq!(whole_i64(not_whole), None, "{not_whole}");
            assert_eq!(whole_u64(not_whole), None, "{not_whole}");
        }
    }
}
