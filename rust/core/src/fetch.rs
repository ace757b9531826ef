//! Outbound calls: one place that maps transport failures, redirects and oversized
//! bodies to errors naming the URL, so every caller gets the same rules.

use crate::Code;
use http::{Request, Response, StatusCode};
use serde_json::{Map, Value};

use crate::text::quote;
use crate::{Error, HttpClient, HttpError, HttpErrorKind};

/// Sends `request`; a transport error, a 3xx or a body over `max_bytes` is an
/// `idp_unavailable` error whose hint names `what` and the URL.
pub(crate) fn send(
    client: &dyn HttpClient,
    max_bytes: usize,
    what: &str,
    request: Request<Vec<u8>>,
) -> Result<Response<Vec<u8>>, Error> {
    // Request URLs come from checked settings and discovery; redacted all the same.
    let url = crate::text::redact_url(&request.uri().to_string());
    let response = client
        .execute(request)
        .map_err(|e| transport_error(what, &url, &e))?;
    let status = response.status();
    if status.is_redirection() {
        let location = response
            .headers()
            .get(http::header::LOCATION)
            .map(|l| crate::text::quote_url(&String::from_utf8_lossy(l.as_bytes())))
            .unwrap_or_else(|| "nowhere".into());
        return Err(Error::unavailable(
            Code::IdpUnavailable,
            format!(
                "{what} `{url}` answered {status} redirecting to {location}; redirects are \
                 never followed: configure the final URL (check the issuer)"
            ),
        ));
    }
    if response.body().len() > max_bytes {
        return Err(too_large(what, &url, max_bytes));
    }
    Ok(response)
}

fn transport_error(what: &str, url: &str, e: &HttpError) -> Error {
    let code = match e.kind {
        HttpErrorKind::CircuitOpen => Code::IdpCircuitOpen,
        HttpErrorKind::Busy => Code::IdpBusy,
        HttpErrorKind::Deadline => Code::LoginDeadlineExceeded,
        _ => Code::IdpUnavailable,
    };
    if code != Code::IdpUnavailable {
        // Not sent: the message says why (crate::outage), naming the IdP.
        return Error::unavailable(code, format!("{what} `{url}` not requested: {}", e.message));
    }
    let advice = match e.kind {
        HttpErrorKind::Connect => {
            "check that this server can reach the IdP (DNS, firewall, proxy) and trusts its \
             TLS certificate (http.trustAnchorsPem)"
        }
        HttpErrorKind::Timeout => {
            "the IdP did not answer in time; check the IdP's health and \
             http.connectTimeoutMs / http.readTimeoutMs"
        }
        HttpErrorKind::TooLarge => "the answer exceeded http.maxResponseBytes",
        HttpErrorKind::Protocol => "the connection failed mid-answer; check proxies in between",
        HttpErrorKind::Settings => "check http.trustAnchorsPem and http.proxyUrl",
        HttpErrorKind::CircuitOpen | HttpErrorKind::Busy | HttpErrorKind::Deadline => "",
    };
    Error::unavailable(
        Code::IdpUnavailable,
        format!(
            "{what} `{url}` failed ({:?}: {}); {advice}",
            e.kind,
            crate::text::clean(&e.message)
        ),
    )
}

fn too_large(what: &str, url: &str, max_bytes: usize) -> Error {
    Error::unavailable(
        Code::IdpUnavailable,
        format!(
            "{what} `{url}` answered more than http.maxResponseBytes ({max_bytes} bytes); \
             raise the limit if the answer is legitimately that large"
        ),
    )
}

/// A GET asking for JSON.
pub(crate) fn get_json_request(url: &str) -> Result<Request<Vec<u8>>, Error> {
    Request::get(url)
        .header(http::header::ACCEPT, "application/json")
        .body(Vec::new())
        .map_err(|e| Error::Internal(format!("cannot build GET {url}: {e}")))
}

/// The body as a JSON object, or a short description of what it is instead.
pub(crate) fn json_object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(format!("a JSON {} instead of an object", json_kind(&other))),
        Err(_) => {
            let start = String::from_utf8_lossy(&body[..body.len().min(60)]).into_owned();
            Err(format!("not JSON (starts with {})", quote(&start)))
        }
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// True for 5xx: the IdP is in trouble, retrying later may work.
pub(crate) fn is_server_error(status: StatusCode) -> bool {
    status.is_server_error()
}

/// RFC 9110 §5.6.7 IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form a server
/// may send today; the obsolete forms give `None` (no reading rather than a wrong one).
pub(crate) fn parse_http_date(text: &str) -> Option<i64> {
    let rest = text.trim().get(5..)?; // "Sun, "
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let (day, year) = (number(day, 2)?, number(year, 4)?);
    let hms: Vec<&str> = time.split(':').collect();
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    let (h, m, s) = (number(h, 2)?, number(m, 2)?, number(s, 2)?);
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

fn number(text: &str, digits: usize) -> Option<i64> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    struct Canned(Mutex<Option<Result<Response<Vec<u8>>, HttpError>>>);

    impl HttpClient for Canned {
        fn execute(&self, _: Request<Vec<u8>>) -> Result<Response<Vec<u8>>, HttpError> {
            self.0.lock().unwrap().take().unwrap()
        }
    }

    fn send_canned(answer: Result<Response<Vec<u8>>, HttpError>) -> Result<Vec<u8>, Error> {
        let client = Canned(Mutex::new(Some(answer)));
        let request = get_json_request("https://idp.example.com/x").unwrap();
        send(&client, 16, "discovery", request).map(Response::into_body)
    }

    #[test]
    fn send_when_redirect_then_idp_unavailable_naming_location() {
        let redirect = Response::builder()
            .status(302)
            .header("location", "https://evil.example/")
            .body(Vec::new())
            .unwrap();
        let err = send_canned(Ok(redirect)).unwrap_err();
        assert_eq!(err.code(), Code::IdpUnavailable);
        assert!(err.hint().contains("https://evil.example/"));
        assert!(err.hint().contains("https://idp.example.com/x"));
    }

    #[test]
    fn send_when_body_over_cap_then_idp_unavailable() {
        let big = Response::builder().body(vec![b'a'; 17]).unwrap();
        assert_eq!(
            send_canned(Ok(big)).unwrap_err().code(),
            Code::IdpUnavailable
        );
    }

    #[test]
    fn send_when_transport_error_then_hint_names_url_and_advice() {
        let err = send_canned(Err(HttpError::new(
            HttpErrorKind::Timeout,
            "read timed out",
        )))
        .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::ProviderUnavailable);
        assert!(err.hint().contains("https://idp.example.com/x"));
        assert!(err.hint().contains("readTimeoutMs"));
    }

    #[test]
    fn send_when_transport_message_has_backticks_then_shown_as_backticks() {
        let err = send_canned(Err(HttpError::new(
            HttpErrorKind::Connect,
            "could not connect to `idp.example.com:443`: refused",
        )))
        .unwrap_err();
        assert!(
            err.hint().contains("`idp.example.com:443`"),
            "{}",
            err.hint()
        );
        assert!(!err.hint().contains("\\u{60}"), "{}", err.hint());
    }

    #[test]
    fn json_object_when_html_then_describes_it() {
        let why = json_object(b"<html>oops</html>").unwrap_err();
        assert!(why.contains("not JSON"), "{why}");
        assert!(json_object(b"[1]").unwrap_err().contains("array"));
    }

    #[test]
    fn parse_http_date_when_imf_fixdate_then_unix_seconds() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT"),
            Some(1_835_481_599)
        );
    }

    #[test]
    fn parse_http_date_when_obsolete_or_garbled_then_none() {
        for text in [
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "",
            "Sun, ",
        ] {
            assert_eq!(parse_http_date(text), None, "{text}");
        }
    }
}
