//! Lookups the host system provides: is a NIK known to the population registry
//! (Dukcapil) and a NIP to the staff database (Simpeg)?

use std::collections::BTreeSet;

/// The registries the identity step consults.
pub trait IdentityDirectory: Send + Sync {
    /// Whether the population registry knows this NIK.
    fn knows_nik(&self, nik: &str) -> bool;
    /// Whether the staff database knows this NIP.
    fn knows_nip(&self, nip: &str) -> bool;
}

/// A directory that knows every structurally valid NIK and NIP (no registry attached).
#[derive(Clone, Copy, Debug, Default)]
pub struct OpenDirectory;

impl IdentityDirectory for OpenDirectory {
    fn knows_nik(&self, _nik: &str) -> bool {
        true
    }

    fn knows_nip(&self, _nip: &str) -> bool {
        true
    }
}

/// A directory holding explicit lists (an export of Simpeg, a test fixture).
#[derive(Clone, Debug, Default)]
pub struct ListedDirectory {
    niks: BTreeSet<String>,
    nips: BTreeSet<String>,
}

impl ListedDirectory {
    /// An empty directory.
    pub fn new() -> ListedDirectory {
        ListedDirectory::default()
    }

    /// Adds a person's NIK and NIP.
    pub fn with_person(mut self, nik: &str, nip: &str) -> ListedDirectory {
        self.niks.insert(nik.to_string());
        self.nips.insert(nip.to_string());
        self
    }
}

impl IdentityDirectory for ListedDirectory {
    fn knows_nik(&self, nik: &str) -> bool {
        self.niks.contains(nik)
    }

    fn knows_nip(&self, nip: &str) -> bool {
        self.nips.contains(nip)
    }
}
