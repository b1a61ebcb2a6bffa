//! The intake form under `candor serve`, so editors can try it end to end.
//!
//! Answers sent while previewing go through the receiver's own code
//! ([`crate::intake::server`]): checked against the schema, sealed and
//! committed. But they are sealed to a throwaway key made at start, into a
//! database in a temporary folder that is deleted when serve stops, and
//! every intake page says so.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt as _;

use crate::intake::server::{App, ServeOptions};
use crate::intake::store::{self, Write};
use crate::intake::{stamp::Signer, Recipients};

/// The note on every intake page the preview serves.
pub(crate) const BANNER: &str = "<p class=\"candor-draft candor-dev-intake\" role=\"note\"><strong>Preview only.</strong> This form works here so you can try it, but answers are sealed to a throwaway development key and deleted when <code>candor serve</code> stops. Nobody at the practice receives them.</p>";

/// The throwaway receiver.
pub(crate) struct DevIntake {
    root: PathBuf,
    folder: tempfile::TempDir,
    public_key: String,
    signing_key: Vec<u8>,
    writer: mpsc::Sender<Write>,
    /// The receiver for the site as of a build number.
    current: Mutex<Option<(u64, Arc<App>)>>,
}

impl DevIntake {
    /// Makes the key pair and database, in a new temporary folder.
    pub(crate) fn start(root: &Path) -> Result<DevIntake, String> {
        let folder = tempfile::Builder::new()
            .prefix("candor-serve-intake-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let (secret, public_key) = crate::intake::generate();
        let key_file = folder.path().join("development-key.txt");
        std::fs::write(&key_file, secret).map_err(|e| e.to_string())?;
        let conn = store::open(&folder.path().join("intake.sqlite3")).map_err(|e| e.to_string())?;
        let mut signing_key = vec![0u8; 32];
        getrandom::fill(&mut signing_key).map_err(|e| e.to_string())?;
        Ok(DevIntake {
            root: root.to_path_buf(),
            folder,
            public_key,
            signing_key,
            writer: store::writer(conn),
            current: Mutex::new(None),
        })
    }

    /// The temporary folder holding the development key and database.
    pub(crate) fn folder(&self) -> &Path {
        self.folder.path()
    }

    /// The receiver for the site as it is at `build`, made again after the
    /// site changed.
    fn app(&self, build: u64) -> Result<Arc<App>, String> {
        let mut current = self.current.lock().map_err(|e| e.to_string())?;
        if let Some((at, app)) = current.as_ref() {
            if *at == build {
                return Ok(app.clone());
            }
        }
        let site = crate::build::load_site_for(&self.root)?;
        let app = Arc::new(App::new(
            site,
            Recipients::parse(std::slice::from_ref(&self.public_key))?,
            Signer::with_key(&self.signing_key),
            self.writer.clone(),
            ServeOptions {
                db: self.folder.path().join("intake.sqlite3"),
                bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
                public: None,
                rate_per_minute: 0,
                client_ip_header: None,
                min_fill_seconds: 0,
                webhook: None,
                timeout: std::time::Duration::from_secs(10),
            },
            None,
        )?);
        *current = Some((build, app.clone()));
        Ok(app)
    }

    /// Hands `request` to the receiver for the site at `build`.
    pub(crate) async fn handle(&self, build: u64, mut request: Request<Body>) -> Response {
        let app = match self.app(build) {
            Ok(app) => app,
            Err(err) => {
                return (
                    axum::http::StatusCode::SERVICE_UNAVAILABLE,
                    format!("the intake form cannot be tried while the site has errors:\n{err}"),
                )
                    .into_response()
            }
        };
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))));
        match crate::intake::server::app(app).oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    }
}
