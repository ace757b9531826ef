//! Trusted certificates (PEM) for outbound TLS, read exactly as the HTTP client's TLS
//! stack reads them: rustls-pki-types' PEM reader, then webpki's trust-anchor check (what
//! rustls' `RootCertStore::add` runs). Validation and the engine share these functions,
//! so a bundle that passes validation is one the engine can load.

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

/// The certificates of an admin's bundle (`http.trustAnchorsPem`), as DER; every one
/// must be a usable trust anchor, or the whole bundle is refused with the reason.
pub fn parse_trust_anchors(pem: &str) -> Result<Vec<Vec<u8>>, String> {
    let mut anchors = Vec::new();
    for (i, item) in CertificateDer::pem_slice_iter(pem.as_bytes()).enumerate() {
        let der = item.map_err(|e| format!("the PEM text cannot be read ({})", pem_error(&e)))?;
        webpki::anchor_from_trusted_cert(&der).map_err(|e| {
            format!(
                "certificate {} cannot be used as a trust anchor ({e:?}): it is not a valid \
                 X.509 certificate; paste the CA certificate as the IdP's administrator \
                 gives it",
                i + 1
            )
        })?;
        anchors.push(der.as_ref().to_vec());
    }
    if anchors.is_empty() {
        return Err("contains no `-----BEGIN CERTIFICATE-----` block".into());
    }
    Ok(anchors)
}

/// The usable certificates of a bundle, skipping the others (the host's default bundle,
/// the JVM's anchors: one odd certificate there must not switch SSO off; rustls'
/// `add_parsable_certificates` does the same).
pub fn usable_trust_anchors(pem: &str) -> Vec<Vec<u8>> {
    CertificateDer::pem_slice_iter(pem.as_bytes())
        .filter_map(Result::ok)
        .filter(|der| webpki::anchor_from_trusted_cert(der).is_ok())
        .map(|der| der.as_ref().to_vec())
        .collect()
}

/// A PEM reading error without the text it was reading.
fn pem_error(e: &rustls_pki_types::pem::Error) -> String {
    use rustls_pki_types::pem::Error;
    match e {
        Error::MissingSectionEnd { .. } => "a `-----BEGIN` has no matching `-----END`".into(),
        Error::IllegalSectionStart { .. } => "a `-----BEGIN` line is malformed".into(),
        Error::Base64Decode(_) => "the base64 between the markers is invalid".into(),
        other => format!("{other:?}").chars().take(80).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOT_A_CERTIFICATE: &str =
        "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n";

    #[test]
    fn parse_trust_anchors_when_base64_but_not_a_certificate_then_refused_like_rustls() {
        let why = parse_trust_anchors(NOT_A_CERTIFICATE).unwrap_err();
        assert!(why.contains("certificate 1 cannot be used"), "{why}");
        assert!(usable_trust_anchors(NOT_A_CERTIFICATE).is_empty());
    }

    /// A self-signed EC CA (no private key kept), valid until 2126.
    pub(crate) const TEST_CA: &str = include_str!("../tests/data/test-ca.pem");

    #[test]
    fn parse_trust_anchors_when_real_certificates_then_all_kept() {
        let bundle = format!("{TEST_CA}{TEST_CA}");
        assert_eq!(parse_trust_anchors(&bundle).map(|a| a.len()), Ok(2));
    }

    #[test]
    fn parse_trust_anchors_when_one_bad_certificate_then_refused_but_host_bundle_keeps_the_rest() {
        let bundle = format!("{TEST_CA}{NOT_A_CERTIFICATE}");
        let why = parse_trust_anchors(&bundle).unwrap_err();
        assert!(why.contains("certificate 2"), "{why}");
        assert_eq!(usable_trust_anchors(&bundle).len(), 1);
    }

    #[test]
    fn parse_trust_anchors_when_broken_pem_then_refused_without_echo() {
        let cases = [
            ("-----BEGIN CERTIFICATE-----\nsecret-ish\n", "no matching"),
            (
                "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
                "base64",
            ),
            ("just text", "no `-----BEGIN CERTIFICATE-----` block"),
        ];
        for (pem, expected) in cases {
            let why = parse_trust_anchors(pem).unwrap_err();
            assert!(why.contains(expected), "{pem:?}: {why}");
            assert!(
                !why.contains("secret-ish") && !why.contains("!!!!"),
                "{why}"
            );
        }
    }
}
