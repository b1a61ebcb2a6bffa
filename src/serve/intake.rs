//! The intake form under `candor serve`, so editors can try it end to end.
//!
//! Answers sent while previewing go through the receiver's own code
//! ([`crate::intake::server`]): checked against the schema, sealed and
//! committed. But they are sealed to a throwaway key made at start, into a
//! database in a temporary folder that is deleted when serve stops, and
//! every intake page says so.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::response::Response;
use tower::ServiceExt as _;

use crate::intake::server::{App, Routes, ServeOptions};
use crate::intake::store::{self, Db, Purpose, Store};
use crate::intake::{stamp::Signer, Recipients};
use crate::link::LinkedSite;

/// The note on every intake page the preview serves.
pub(crate) const BANNER: &str = "<p class=\"candor-draft candor-dev-intake\" role=\"note\"><strong>Preview only.</strong> This form works here so you can try it, but answers are sealed to a throwaway development key and deleted when <code>candor serve</code> stops. Nobody at the practice receives them.</p>";

/// The throwaway receiver.
pub(crate) struct DevIntake {
    folder: tempfile::TempDir,
    public_key: String,
    signing_key: Vec<u8>,
    store: Arc<dyn Store>,
    /// The receiver for the last good build, when that site has a form.
    current: RwLock<Option<Arc<App>>>,
}

impl DevIntake {
    /// Makes the key pair and database, in a new temporary folder.
    pub(crate) fn start() -> Result<DevIntake, String> {
        let folder = tempfile::Builder::new()
            .prefix("candor-serve-intake-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let (secret, public_key) = crate::intake::generate();
        let key_file = folder.path().join("development-key.txt");
        // Readable by the editor alone, like a real key.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o700))
                .map_err(|e| e.to_string())?;
            options.mode(0o600);
        }
        std::io::Write::write_all(
            &mut options.open(&key_file).map_err(|e| e.to_string())?,
            secret.as_bytes(),
        )
        .map_err(|e| e.to_string())?;
        let store =
            store::sqlite::Sqlite::open(&folder.path().join("intake.sqlite3"), Purpose::Serve)?;
        let signing_key = crate::intake::stamp::new_key().map_err(|e| e.to_string())?;
        Ok(DevIntake {
            folder,
            public_key,
            signing_key,
            store: Arc::new(store),
            current: RwLock::new(None),
        })
    }

    /// The temporary folder holding the development key and database.
    pub(crate) fn folder(&self) -> &Path {
        self.folder.path()
    }

    /// Follows a good build: the receiver now checks answers against this
    /// site's form, on the preview's own addresses. A site without a form
    /// turns it off.
    pub(crate) fn follow(&self, sites: Vec<&LinkedSite>) -> Result<(), String> {
        let has_form = sites.first().is_some_and(|site| site.form.is_some());
        let app = match has_form {
            true => Some(Arc::new(App::new(
                sites.into_iter().cloned().collect(),
                Recipients::parse(std::slice::from_ref(&self.public_key))?,
                Signer::with_key(&self.signing_key),
                self.store.clone(),
                ServeOptions {
                    db: Db::Sqlite(self.folder.path().join("intake.sqlite3")),
                    bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
                    public: None,
                    rate_per_minute: 0,
                    client_ip_header: None,
                    min_fill_seconds: 0,
                    webhook: None,
                    notify_email: None,
                    notify_every: std::time::Duration::from_secs(60),
                    timeout: std::time::Duration::from_secs(10),
                    header_timeout: std::time::Duration::from_secs(10),
                },
                None,
            )?)),
            false => None,
        };
        if let Ok(mut current) = self.current.write() {
            *current = app;
        }
        Ok(())
    }

    /// The addresses the receiver answers, when the site has a form.
    pub(crate) fn routes(&self) -> Option<Routes> {
        self.current.read().ok()?.as_ref().map(|app| app.routes())
    }

    /// The addresses the receiver answers in every language.
    pub(crate) fn all_routes(&self) -> Vec<Routes> {
        self.current
            .read()
            .ok()
            .and_then(|current| current.as_ref().map(|app| app.all_routes()))
            .unwrap_or_default()
    }

    /// Hands `request` to the receiver, if the site has one.
    pub(crate) async fn handle(&self, mut request: Request<Body>) -> Option<Response> {
        let app = self.current.read().ok()?.clone()?;
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))));
        match crate::intake::server::app(app).oneshot(request).await {
            Ok(response) => Some(response),
            Err(never) => match never {},
        }
    }
}
