//! How the page reads each model type from the JSON serde writes for it (see `json`). Each
//! reader follows its type's serde attributes; the tests below write every type with serde and
//! read it back.

use super::*;
use crate::json::{FromJson, Json, ReadError};

impl FromJson for RouterLabel {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self {
            name: json.field("name")?,
            address: json.field("address")?,
            simulated: json.field("simulated")?,
        })
    }
}

impl FromJson for DashboardSettings {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self {
            router: json.field("router")?,
            poll_interval_ms: json.field("poll_interval_ms")?,
            poll_timeout_ms: json.field("poll_timeout_ms")?,
            cache_ttl_ms: json.field("cache_ttl_ms")?,
            recovery_failures: json.field("recovery_failures")?,
            recovery_pause_ms: json.field("recovery_pause_ms")?,
            chart_window_polls: json.field("chart_window_polls")?,
        })
    }
}

/// Flat: the interface's info beside its counters (`#[serde(flatten)]`).
impl FromJson for InterfaceStats {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self {
            info: InterfaceInfo {
                name: json.field("name")?,
                kind: json.field("type")?,
                running: json.field("running")?,
                disabled: json.field("disabled")?,
                comment: json.field("comment")?,
            },
            rx_byte: json.field("rx_byte")?,
            tx_byte: json.field("tx_byte")?,
            rx_bps: json.field("rx_bps")?,
            tx_bps: json.field("tx_bps")?,
        })
    }
}

/// Tagged by its `code` (`#[serde(tag = "code")]`), through the same [`TaggedProblem`] serde
/// reads it with.
impl FromJson for RouterProblem {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        let tagged = TaggedProblem {
            code: json.field("code")?,
            message: json.field("message")?,
            deadline_ms: json.field("deadline_ms")?,
        };
        Self::try_from(tagged).map_err(ReadError::new)
    }
}

impl<T: FromJson> FromJson for TableSnapshot<T> {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self {
            router: json.field("router")?,
            fetched_at_ms: json.field("fetched_at_ms")?,
            age_ms: json.field("age_ms")?,
            stale: json.field("stale")?,
            problem: json.field("problem")?,
            interfaces: json.field("interfaces")?,
        })
    }
}

impl FromJson for RouterInput {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self {
            name: json.field("name")?,
            host: json.field("host")?,
            port: json.field("port")?,
            user: json.field("user")?,
            password: json.field("password")?,
            tls: json.field("tls")?,
            tls_fingerprint: json.field("tls_fingerprint")?,
            tls_ca_pem: json.field("tls_ca_pem")?,
            tls_insecure_skip_verify: json.field("tls_insecure_skip_verify")?,
        })
    }
}

impl FromJson for RouterStatus {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.one_of(&[
            ("live", Self::Live),
            ("stale", Self::Stale),
            ("unreachable", Self::Unreachable),
            ("login_refused", Self::LoginRefused),
            ("idle", Self::Idle),
        ])
    }
}

impl FromJson for RouterSummary {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self {
            name: json.field("name")?,
            host: json.field("host")?,
            port: json.field("port")?,
            tls: json.field("tls")?,
            status: json.field("status")?,
            fetched_at: json.field("fetched_at")?,
            error: json.field("error")?,
            problem: json.field("problem")?,
            origin: json.field("origin")?,
            busiest: json.field("busiest")?,
            total_rx_bps: json.field("total_rx_bps")?,
            total_tx_bps: json.field("total_tx_bps")?,
        })
    }
}

impl FromJson for RouterOrigin {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.one_of(&[("database", Self::Database), ("environment", Self::Environment), ("demo", Self::Demo)])
    }
}

impl FromJson for RouterIdentity {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self {
            identity: json.field("identity")?,
            version: json.field("version")?,
            board: json.field("board")?,
        })
    }
}

impl FromJson for Role {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.name(Self::parse)
    }
}

impl FromJson for Viewer {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self { name: json.field("name")?, role: json.field("role")?, by_token: json.field("by_token")? })
    }
}

impl FromJson for UserInfo {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self { name: json.field("name")?, role: json.field("role")? })
    }
}

impl FromJson for FieldError {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self { field: json.field("field")?, problem: json.field("problem")? })
    }
}

impl FromJson for FieldProblem {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        let variant = json.variant()?;
        Ok(match variant.name.as_str() {
            "required" => Self::Required,
            "name_rule" => Self::NameRule(variant.read()?),
            "host_form" => Self::HostForm,
            "port_range" => Self::PortRange(variant.read()?),
            "user_rule" => Self::UserRule(variant.read()?),
            "router_password_rule" => Self::RouterPasswordRule(variant.read()?),
            "stored_password_unreadable" => Self::StoredPasswordUnreadable,
            "stored_password_not_kept" => Self::StoredPasswordNotKept,
            "fingerprint_form" => Self::FingerprintForm,
            "ca_too_large" => Self::CaTooLarge(variant.read()?),
            "ca_unusable" => Self::CaUnusable,
            "tls_verification_missing" => Self::TlsVerificationMissing,
            "tls_verification_ambiguous" => Self::TlsVerificationAmbiguous,
            "password_too_short" => Self::PasswordTooShort(variant.read()?),
            "password_too_long" => Self::PasswordTooLong(variant.read()?),
            "own_admin_role" => Self::OwnAdminRole,
            "not_current_password" => Self::NotCurrentPassword,
            "too_many_wrong_passwords" => Self::TooManyWrongPasswords,
            _ => return Err(variant.unknown()),
        })
    }
}

/// `[t_ms, rx_bps, tx_bps]`.
impl FromJson for HistoryPoint {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        let items = json.array_of::<3>()?;
        Ok(Self(items.read(0)?, items.read(1)?, items.read(2)?))
    }
}

impl FromJson for HistorySeries {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self {
            name: json.field("name")?,
            points: json.field("points")?,
            // Left out when empty (`skip_serializing_if`).
            max: json.field::<Option<_>>("max")?.unwrap_or_default(),
        })
    }
}

impl FromJson for Resolution {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        json.one_of(&[("raw", Self::Raw), ("minute", Self::Minute)])
    }
}

impl FromJson for HistoryAnswer {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self {
            router: json.field("router")?,
            from_ms: json.field("from_ms")?,
            to_ms: json.field("to_ms")?,
            step_ms: json.field("step_ms")?,
            resolution: json.field("resolution")?,
            series: json.field("series")?,
        })
    }
}

impl FromJson for ByteTotals {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self { rx_bytes: json.field("rx_bytes")?, tx_bytes: json.field("tx_bytes")? })
    }
}

impl FromJson for InterfaceUsage {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self {
            name: json.field("name")?,
            today: json.field("today")?,
            yesterday: json.field("yesterday")?,
            month: json.field("month")?,
        })
    }
}

impl FromJson for UsageAnswer {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        Ok(Self {
            router: json.field("router")?,
            today: json.field("today")?,
            yesterday: json.field("yesterday")?,
            month: json.field("month")?,
            interfaces: json.field("interfaces")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{AppError, Conflict};
    use crate::json::from_text;

    /// Written by the server (serde_json), read by the page's reader.
    fn assert_read_back<T: Serialize + FromJson + PartialEq + std::fmt::Debug>(value: T) {
        let text = serde_json::to_string(&value).unwrap();
        assert_eq!(from_text::<T>(&text), Ok(value), "{text}");
    }

    fn label() -> RouterLabel {
        RouterLabel { name: "core-1 </script>".into(), address: "[fe80::1]:8729".into(), simulated: false }
    }

    #[test]
    fn every_answer_of_the_dashboard_reads_back_as_written() {
        assert_read_back(DashboardSettings {
            router: label(),
            poll_interval_ms: 2_000,
            poll_timeout_ms: 5_000,
            cache_ttl_ms: 4_000,
            recovery_failures: 5,
            recovery_pause_ms: 3_000,
            chart_window_polls: 30,
        });
        let interface = |name: &str, comment: Option<&str>, tx_bps| InterfaceStats {
            info: InterfaceInfo {
                name: name.into(),
                kind: "pppoe-in".into(),
                running: true,
                disabled: false,
                comment: comment.map(Into::into),
            },
            rx_byte: u64::MAX,
            tx_byte: 0,
            rx_bps: Some(812_345.5),
            tx_bps,
        };
        assert_read_back(TableSnapshot {
            router: "10.0.0.1:8728".into(),
            fetched_at_ms: 1_764_633_600_123,
            age_ms: 5_000,
            stale: true,
            problem: Some(RouterProblem::TooSlow { deadline_ms: 3_000 }),
            interfaces: vec![
                interface("<pppoe-budi\u{0}>", Some("Blok \"C\""), None),
                interface("ether1", None, Some(17.25)),
            ],
        });
        assert_read_back(TableSnapshot::<InterfaceStats> {
            router: "demo".into(),
            fetched_at_ms: -1,
            age_ms: 0,
            stale: false,
            problem: None,
            interfaces: vec![],
        });
        let series = |max| HistorySeries {
            name: "ether1".into(),
            points: vec![
                HistoryPoint(1_000, Some(1.5e9), Some(0.0)),
                HistoryPoint(31_000, None, None),
                HistoryPoint(61_000, Some(0.25), Some(f64::MAX)),
            ],
            max,
        };
        for resolution in [Resolution::Raw, Resolution::Minute] {
            assert_read_back(HistoryAnswer {
                router: "demo-core".into(),
                from_ms: 1_000,
                to_ms: 61_000,
                step_ms: 30_000,
                resolution,
                series: vec![
                    series(vec![]),
                    series(vec![(Some(2e9), None), (None, None), (Some(0.5), Some(1.0))]),
                ],
            });
        }
        let totals = |rx_bytes| ByteTotals { rx_bytes, tx_bytes: 7 };
        assert_read_back(UsageAnswer {
            router: "demo-core".into(),
            today: "2026-12-03".into(),
            yesterday: "2026-12-02".into(),
            month: "2026-12".into(),
            interfaces: vec![InterfaceUsage {
                name: "ether1".into(),
                today: totals(1),
                yesterday: totals(0),
                month: totals(1 << 53),
            }],
        });
    }

    #[test]
    fn every_answer_of_the_fleet_and_the_settings_reads_back_as_written() {
        // A new variant fails to compile here: add it to the list below.
        let every_status = |status: RouterStatus| match status {
            RouterStatus::Live | RouterStatus::Stale | RouterStatus::Unreachable => status,
            RouterStatus::LoginRefused | RouterStatus::Idle => status,
        };
        let statuses =
            [RouterStatus::Live, RouterStatus::Stale, RouterStatus::Unreachable, RouterStatus::LoginRefused];
        let origins = [RouterOrigin::Database, RouterOrigin::Environment, RouterOrigin::Demo];
        for (index, status) in statuses.into_iter().chain([RouterStatus::Idle]).map(every_status).enumerate()
        {
            assert_read_back(RouterSummary {
                name: "core-1".into(),
                host: "10.0.0.1".into(),
                port: 8729,
                tls: index % 2 == 0,
                status,
                fetched_at: Some("2026-12-03T08:00:00.000Z".into()),
                error: (index == 3).then(|| "login refused".to_owned()),
                problem: (index == 2).then_some(RouterProblem::Unreachable),
                origin: origins[index % origins.len()],
                busiest: (index != 1).then(|| ("<pppoe-budi>".to_owned(), 4.2e8)),
                total_rx_bps: Some(0.0),
                total_tx_bps: (index != 0).then_some(1.5e6 * index as f64),
            });
        }
        assert_read_back(RouterInput::default());
        assert_read_back(RouterInput {
            name: "core-1".into(),
            host: "10.0.0.1".into(),
            port: Some(8729),
            user: Some("api".into()),
            password: None,
            tls: true,
            tls_fingerprint: Some("ab".repeat(32)),
            tls_ca_pem: None,
            tls_insecure_skip_verify: false,
        });
        assert_read_back(RouterInput {
            name: "core-2".into(),
            host: "fe80::1".into(),
            port: None,
            user: None,
            password: Some("s3cret \"quoted\"\n".into()),
            tls: true,
            tls_fingerprint: None,
            tls_ca_pem: Some("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".into()),
            tls_insecure_skip_verify: true,
        });
        assert_read_back(RouterIdentity { identity: "core".into(), version: "7.16".into(), board: None });
        assert_read_back(RouterIdentity {
            identity: "edge".into(),
            version: "6.49.17".into(),
            board: Some("RB5009UG+S+".into()),
        });
        for role in [Role::Admin, Role::Viewer] {
            assert_read_back(Viewer { name: Some("budi".into()), role, by_token: true });
            assert_read_back(vec![UserInfo { name: "ani".into(), role }]);
        }
        assert_read_back(Viewer { name: None, role: Role::Admin, by_token: false });
    }

    fn every_field_problem() -> Vec<FieldProblem> {
        use FieldProblem::*;
        let all = vec![
            Required,
            NameRule(64),
            HostForm,
            PortRange(70_000),
            UserRule(100),
            RouterPasswordRule(256),
            StoredPasswordUnreadable,
            StoredPasswordNotKept,
            FingerprintForm,
            CaTooLarge(64),
            CaUnusable,
            TlsVerificationMissing,
            TlsVerificationAmbiguous,
            PasswordTooShort(8),
            PasswordTooLong(1024),
            OwnAdminRole,
            NotCurrentPassword,
            TooManyWrongPasswords,
        ];
        // A new variant fails to compile here: add it to the list above.
        for problem in &all {
            match problem {
                Required | NameRule(_) | HostForm | PortRange(_) | UserRule(_) | RouterPasswordRule(_) => {}
                StoredPasswordUnreadable
                | StoredPasswordNotKept
                | FingerprintForm
                | CaTooLarge(_)
                | CaUnusable => {}
                TlsVerificationMissing
                | TlsVerificationAmbiguous
                | PasswordTooShort(_)
                | PasswordTooLong(_) => {}
                OwnAdminRole | NotCurrentPassword | TooManyWrongPasswords => {}
            }
        }
        all
    }

    #[test]
    fn every_error_reads_back_as_written_and_every_resource_with_it() {
        let conflicts = [
            Conflict::NameTaken("core-1".into()),
            Conflict::NotStored("demo-core".into()),
            Conflict::EnvironmentName("env".into()),
            Conflict::RemoveYourself,
        ];
        // A new variant fails to compile here: add it to the list above.
        for conflict in &conflicts {
            match conflict {
                Conflict::NameTaken(_) | Conflict::NotStored(_) | Conflict::EnvironmentName(_) => {}
                Conflict::RemoveYourself => {}
            }
        }
        let fields =
            every_field_problem().into_iter().map(|problem| FieldError::new("port", problem)).collect();
        let mut errors = vec![
            AppError::BadRequest("names: too many".into()),
            AppError::RouterUnreachable { problem: RouterProblem::LoginRefused, since_ms: 1_764_633_600_123 },
            AppError::UnknownRouter("core-2".into()),
            AppError::UnknownUser("ani".into()),
            AppError::InvalidFields(fields),
            AppError::Forbidden,
            AppError::Unauthorized,
            AppError::NotReady,
            AppError::Transport("not JSON".into()),
        ];
        errors.extend(conflicts.into_iter().map(AppError::Conflict));
        for error in errors {
            // A new variant fails to compile here: add it to the list above.
            match &error {
                AppError::BadRequest(_) | AppError::RouterUnreachable { .. } | AppError::UnknownRouter(_) => {
                }
                AppError::UnknownUser(_) | AppError::InvalidFields(_) | AppError::Conflict(_) => {}
                AppError::Forbidden
                | AppError::Unauthorized
                | AppError::NotReady
                | AppError::Transport(_) => {}
            }
            // A resource a page hydrates with is a whole result.
            assert_read_back(Err::<Viewer, _>(error.clone()));
            assert_read_back(error);
        }
        assert_read_back(Ok::<_, AppError>(vec![UserInfo { name: "ani".into(), role: Role::Viewer }]));
        assert_read_back(Ok::<_, AppError>(()));
    }

    #[test]
    fn what_does_not_fit_is_refused_saying_where_and_why() {
        let stats = |rx_byte: &str| {
            format!(
                r#"{{"router":"demo","fetched_at_ms":1,"age_ms":0,"stale":false,"problem":null,"interfaces":[
                    {{"name":"e1","type":"ether","running":true,"disabled":false,"comment":null,
                      "rx_byte":{rx_byte},"tx_byte":0,"rx_bps":null,"tx_bps":null}}]}}"#
            )
        };
        let read = |rx_byte| {
            from_text::<TableSnapshot<InterfaceStats>>(&stats(rx_byte)).map(|s| s.interfaces[0].rx_byte)
        };
        assert_eq!(read("1"), Ok(1));
        // A counter past 2^53 as JSON.parse holds it, a double; 2^64 saturates.
        assert_eq!(read("9.007199254740994e15"), Ok(9_007_199_254_740_994));
        assert_eq!(read("18446744073709551616"), Ok(u64::MAX));
        for (bad, found) in
            [("-1", "a number"), ("1.5", "a number"), ("\"1\"", "a string"), ("null", "nothing")]
        {
            let says =
                format!("interfaces[0].rx_byte: expected a whole number of at least zero, found {found}");
            assert_eq!(read(bad), Err(says), "{bad}");
        }
        assert_eq!(
            from_text::<Vec<UserInfo>>(r#"[{"name":"ani","role":"root"}]"#),
            Err(r#"[0].role: unknown value "root""#.to_owned())
        );
        assert_eq!(
            from_text::<HistoryPoint>("[1, 2]"),
            Err("expected an array of 3, found an array".to_owned())
        );
        assert_eq!(
            from_text::<Vec<HistoryPoint>>(r#"[[1, 2, 3], [4, "5", null]]"#),
            Err("[1][1]: expected a number, found a string".to_owned())
        );
        // Through variants: each step named, the variant's too.
        assert_eq!(
            from_text::<AppError>(
                r#"{"InvalidFields": [{"field": "port", "problem": {"port_range": "x"}}]}"#
            ),
            Err("InvalidFields[0].problem.port_range: expected a whole number to 4294967295, found a string"
                .to_owned())
        );
        assert_eq!(
            from_text::<Result<(), AppError>>(
                r#"{"Err": {"RouterUnreachable": {"problem": {"code": "x"}}}}"#
            ),
            Err(r#"Err.RouterUnreachable.problem: unknown router problem "x""#.to_owned())
        );
        assert_eq!(from_text::<RouterStatus>("{}"), Err("expected a string, found an object".to_owned()));
        assert_eq!(
            from_text::<u16>("65536"),
            Err("expected a whole number to 65535, found a number".to_owned())
        );
        assert!(from_text::<AppError>(r#"{"Teapot": 1}"#)
            .unwrap_err()
            .contains(r#"unknown variant "Teapot""#));
        assert!(from_text::<AppError>(r#"{"Forbidden": null, "NotReady": null}"#).is_err());
        assert!(from_text::<DashboardSettings>("<html>").unwrap_err().starts_with("not JSON: "));
    }
}
