"""What an upload costs: CPU seconds and peak memory of checking a picture, cleaning it and
making all its renditions (blog.validators, blog.images), each picture in a process of its
own, so that the peak memory is its own. Storing the files is not counted.

    python -m tests.bench.pictures                 the pictures `make bench` reports
    python -m tests.bench.pictures --measure FILE  one file, as JSON
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench" / "pictures"

# A camera's photo, and the PNG of the report that took 8 s on a busy machine.
PICTURES = [
    ("photo, 6000 × 4000 JPEG", "foto.jpg", (6000, 4000)),
    ("1700 × 1000 PNG", "bild.png", (1700, 1000)),
]


@dataclass
class PictureRun:
    name: str
    file_bytes: int
    check_s: float  # CPU seconds: first bytes, header, decoding
    process_s: float  # CPU seconds: upright, cleaned, every rendition encoded
    peak_mib: float  # the process's highest resident memory
    growth_mib: float  # ... above what it held before the picture came

    @property
    def cpu_s(self) -> float:
        return self.check_s + self.process_s


def make_picture(path: Path, size: tuple[int, int]) -> None:
    """Noise over a gradient: as hard to compress as a photo, the same on every run."""
    from PIL import Image

    noise = Image.effect_noise(size, 25).convert("RGB")
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    picture = Image.blend(noise, gradient, 0.6)
    if path.suffix == ".jpg":
        picture.save(path, "JPEG", quality=85)
    else:
        picture.save(path)


def peak_memory_kib() -> int:
    """This process's highest resident memory so far. Linux's VmHWM, which starts afresh
    with the program; getrusage's maxrss would start at the parent's when it was forked.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(path: Path) -> dict:
    """In this process: check and process the picture at `path`, as an upload."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files import File

    from blog import images
    from blog.validators import checked_upload

    with path.open("rb") as file:
        # As Django holds a large upload: in a temporary file, not in memory.
        upload = File(file, name=path.name)
        before = peak_memory_kib()
        start = time.process_time()
        checked = checked_upload(upload)
        checked_at = time.process_time()
        images.process(checked, upload, path.name)
        done = time.process_time()
    peak = peak_memory_kib()
    return {
        "check_s": checked_at - start,
        "process_s": done - checked_at,
        "peak_mib": peak / 1024,
        "growth_mib": (peak - before) / 1024,
    }


def run(pictures=PICTURES, folder: Path = OUT) -> list[PictureRun]:
    """Each picture (made once, then kept in `folder`) measured in a fresh process."""
    folder.mkdir(parents=True, exist_ok=True)
    runs = []
    for name, file_name, size in pictures:
        path = folder / f"{size[0]}x{size[1]}-{file_name}"
        if not path.exists():
            make_picture(path, size)
        result = subprocess.run(
            [sys.executable, "-m", "tests.bench.pictures", "--measure", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(result.stdout.splitlines()[-1])
        runs.append(PictureRun(name=name, file_bytes=path.stat().st_size, **figures))
    return runs


def report(runs: list[PictureRun]) -> list[str]:
    lines = [
        "Pictures: checking an upload, cleaning it and making its renditions (480, 960 and",
        "1600 px wide in WebP and the original format, WebP in the original width up to",
        "2400 px, the 1200 × 630 crop), in a process of its own; storing them not counted.",
        "",
        f"  {'picture':<28} {'bytes':>11} {'CPU s':>6} {'check':>6} {'process':>7} "
        f"{'peak MiB':>9} {'growth':>7}",
    ]
    for run_ in runs:
        lines.append(
            f"  {run_.name:<28} {run_.file_bytes:>11,} {run_.cpu_s:>6.2f} {run_.check_s:>6.2f} "
            f"{run_.process_s:>7.2f} {run_.peak_mib:>9.0f} {run_.growth_mib:>7.0f}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.pictures", description=__doc__)
    parser.add_argument("--measure", type=Path, help="one picture, as JSON")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    print("\n".join(report(run())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
