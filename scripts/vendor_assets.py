"""Re-create influence/mapping/static/ (offline Leaflet and plugins) from npm tarballs; rerunnable.

Licences of the vendored files (kept next to them as *.LICENSE):
- Leaflet 1.9.4: BSD-2-Clause, (c) 2010-2023 Volodymyr Agafonkin, (c) 2010-2011 CloudMade.
- Leaflet.markercluster 1.5.3: MIT, (c) 2012 David Leaver.
- Leaflet.heat 0.2.0: BSD-2-Clause, (c) 2014 Vladimir Agafonkin (bundles simpleheat, BSD-2-Clause).

Usage: python scripts/vendor_assets.py [folder with the .tgz files]   (default /tmp/npmget; missing
tarballs are fetched with `npm pack`, which needs the npm registry).
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "influence" / "mapping" / "static"

# tarball name -> {path inside the tarball: path under influence/mapping/static}
PACKAGES: dict[str, dict[str, str]] = {
    "leaflet-1.9.4.tgz": {
        "package/dist/leaflet.js": "leaflet/leaflet.js",
        "package/dist/leaflet.css": "leaflet/leaflet.css",
        "package/dist/images/layers.png": "leaflet/images/layers.png",
        "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
        "package/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
        "package/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
        "package/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
        "package/LICENSE": "leaflet/LICENSE",
    },
    "leaflet.markercluster-1.5.3.tgz": {
        "package/dist/leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
        "package/dist/MarkerCluster.css": "markercluster/MarkerCluster.css",
        "package/dist/MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
        "package/MIT-LICENCE.txt": "markercluster/LICENSE",
    },
    "leaflet.heat-0.2.0.tgz": {
        "package/dist/leaflet-heat.js": "heat/leaflet-heat.js",
        "package/LICENSE": "heat/LICENSE",
    },
}


def fetch(folder: Path, name: str) -> Path:
    """The tarball `name` in `folder`, packed from the npm registry when missing."""
    path = folder / name
    if not path.exists():
        spec = name.removesuffix(".tgz").rsplit("-", 1)
        subprocess.run(["npm", "pack", f"{spec[0]}@{spec[1]}"], cwd=folder, check=True)
    return path


def extract(tarball: Path, files: dict[str, str], target: Path) -> None:
    """Copy the listed members of `tarball` into `target`."""
    with tarfile.open(tarball) as archive:
        for member, destination in files.items():
            data = archive.extractfile(member)
            if data is None:
                raise FileNotFoundError(f"{member} not in {tarball}")
            out = target / destination
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data.read())


def main(argv: list[str]) -> None:
    """Vendor every package into influence/mapping/static/."""
    folder = Path(argv[1]) if len(argv) > 1 else Path("/tmp/npmget")
    folder.mkdir(parents=True, exist_ok=True)
    for name, files in PACKAGES.items():
        extract(fetch(folder, name), files, STATIC)
    print(f"vendored {sum(len(f) for f in PACKAGES.values())} files into {STATIC}")


if __name__ == "__main__":
    main(sys.argv)
