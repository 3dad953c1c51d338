//! Cargo.toml's [package.metadata.leptos] configures the build; Leptos.toml configures a
//! deployed server. The keys they share must agree, and Leptos.toml must load as the server
//! loads it.

use leptos::config::get_configuration;

fn leptos_table(path: &str) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap();
    let document: toml::Table = text.parse().unwrap();
    document["package"]["metadata"]["leptos"].as_table().unwrap().clone()
}

#[test]
fn shared_keys_agree() {
    let build = leptos_table("Cargo.toml");
    let deploy = leptos_table("Leptos.toml");
    for key in ["output-name", "site-pkg-dir", "site-addr"] {
        assert_eq!(build.get(key), deploy.get(key), "{key} differs between Cargo.toml and Leptos.toml");
    }
    // The build writes target/site; a deployment ships that directory as site/.
    let build_root = build["site-root"].as_str().unwrap();
    let deploy_root = deploy["site-root"].as_str().unwrap();
    assert!(build_root.ends_with(&format!("/{deploy_root}")), "{build_root} vs {deploy_root}");
}

#[test]
fn leptos_toml_loads_with_leptos_config() {
    let options = get_configuration(Some("Leptos.toml")).unwrap().leptos_options;
    assert_eq!(&*options.output_name, "routeros-traffic");
    assert_eq!(options.site_pkg_dir.as_ref(), "pkg");
}
