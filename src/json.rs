//! JSON read from text, as the browser and the server each read it best.
//!
//! In the browser the text goes through the browser's own `JSON.parse` and the value is read
//! with serde-wasm-bindgen, so the WASM carries no JSON parser and no float parser: serde_json
//! in the WASM was its largest library after Leptos. The server reads with serde_json.
//!
//! One difference: a number beyond 2^53 is exact in serde_json and rounded by `JSON.parse`, and
//! serde-wasm-bindgen then refuses it for an integer field. The browser reads none of those
//! but interface byte counters, and those through [`lenient_counter`].

use serde::de::DeserializeOwned;
use serde::Deserializer;

/// Reads `text` as JSON into `T`. The error says what was wrong, in words.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    parse(text)?.read()
}

/// JSON text parsed once, to be read as one type or, when it is not that, as another.
pub struct Parsed(
    #[cfg(feature = "hydrate")] wasm_bindgen::JsValue,
    #[cfg(not(feature = "hydrate"))] serde_json::Value,
);

/// Parses `text` as JSON; [`Parsed::read`] then reads it into a type.
pub fn parse(text: &str) -> Result<Parsed, String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        // The message only: a JS error's Debug carries its stack.
        js_sys::JSON::parse(text).map(Parsed).map_err(|error| match error.dyn_ref::<js_sys::Error>() {
            Some(error) => format!("not JSON: {}", String::from(error.message())),
            None => "not JSON".to_owned(),
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        serde_json::from_str(text).map(Parsed).map_err(|error| error.to_string())
    }
}

impl Parsed {
    /// Reads the value into `T`. The error says what did not fit, in words.
    pub fn read<T: DeserializeOwned>(&self) -> Result<T, String> {
        #[cfg(feature = "hydrate")]
        {
            // A clone of the handle, not of the value.
            serde_wasm_bindgen::from_value(self.0.clone()).map_err(|error| error.to_string())
        }
        #[cfg(not(feature = "hydrate"))]
        {
            T::deserialize(&self.0).map_err(|error| error.to_string())
        }
    }
}

/// A 64-bit byte counter, read even where JSON.parse made it a float: a router's counters pass
/// 2^53 bytes after 104 days at 1 GB/s, and the page must go on reading them.
pub fn lenient_counter<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct Counter;
    impl serde::de::Visitor<'_> for Counter {
        type Value = u64;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a byte count")
        }
        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<u64, E> {
            Ok(value)
        }
        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<u64, E> {
            u64::try_from(value).map_err(|_| E::custom("a byte count below zero"))
        }
        fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<u64, E> {
            if value >= 0.0 && value.is_finite() && value.fract() == 0.0 {
                // At most 2^64 - 1: `as` saturates there.
                Ok(value as u64)
            } else {
                Err(E::custom("a byte count that is not a whole number"))
            }
        }
    }
    deserializer.deserialize_any(Counter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Counted {
        #[serde(deserialize_with = "lenient_counter")]
        bytes: u64,
    }

    // Natively these read through serde_json, which calls `visit_u64` for an integer and
    // `visit_f64` for a float; serde-wasm-bindgen in the browser calls `visit_i64` up to 2^53 and
    // `visit_f64` beyond. The browser's path is tested in a JS engine by tests/browser_json.rs,
    // and runs in every Playwright test (the simulator's uplink counters are past 2^53).
    #[test]
    fn counters_read_as_integers_or_whole_floats_and_nothing_else() {
        assert_eq!(from_text::<Counted>(r#"{"bytes": 18446744073709551615}"#).unwrap().bytes, u64::MAX);
        assert_eq!(from_text::<Counted>(r#"{"bytes": 9007199254740992}"#).unwrap().bytes, 1 << 53);
        // A counter past 2^53 as JSON.parse holds it: a double.
        assert_eq!(
            from_text::<Counted>(r#"{"bytes": 9.007199254740994e15}"#).unwrap().bytes,
            9_007_199_254_740_994
        );
        for bad in [r#"{"bytes": -1}"#, r#"{"bytes": 1.5}"#, r#"{"bytes": "1"}"#, r#"{"bytes": null}"#] {
            assert!(from_text::<Counted>(bad).is_err(), "{bad}");
        }
        assert!(from_text::<Counted>("<html>").unwrap_err().contains("expected value"));
    }
}
