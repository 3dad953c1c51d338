//! The one JSON encoding of everything the server sends the page: server functions' answers and
//! errors, and the resources a server-rendered page hydrates with. The server writes with
//! serde_json; the page reads with [`FromJson`], from text.

use bytes::Bytes;
use leptos::server::codee::{Decoder, Encoder};
use leptos::server_fn::{ContentType, Decodes, Encodes, Format, FormatType};
use serde::Serialize;

use super::{from_text, FromJson};

/// JSON written by serde_json and read by [`FromJson`]: the `output` encoding of every server
/// function (`server_fns::JsonText`), `AppError`'s encoder, and the codec of every resource.
pub struct JsonTextEncoding;

impl ContentType for JsonTextEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonTextEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: FromJson> Decodes<T> for JsonTextEncoding {
    type Error = String;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        from_text(std::str::from_utf8(&bytes).map_err(|error| error.to_string())?)
    }
}

/// As a resource's codec: what the server renders into the page, read back by the browser.
impl<T: Serialize> Encoder<T> for JsonTextEncoding {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        serde_json::to_string(value)
    }
}

impl<T: FromJson> Decoder<T> for JsonTextEncoding {
    type Error = String;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, Self::Error> {
        from_text(text)
    }
}
