#!/usr/bin/python3
"""The Flatpak manifest: valid JSON, the right app id and command, and no broad permission."""
import json
import os
import sys

path = os.path.join(os.environ["LF_SOURCE_ROOT"], "org.example.LambdaForms.json")
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    if not ok and detail:
        print(f"# {detail}")


with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

check("app id", manifest.get("id") == "org.example.LambdaForms", manifest.get("id"))
check("command", manifest.get("command") == "lambda-forms", manifest.get("command"))
check("GNOME runtime and SDK", manifest.get("runtime") == "org.gnome.Platform" and
      manifest.get("sdk") == "org.gnome.Sdk")

args = manifest.get("finish-args", [])
allowed = {
    "--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
    "--device=dri", "--talk-name=org.freedesktop.secrets", "--filesystem=~/.aws:ro",
}
check("only the permissions that are needed", set(args) <= allowed, sorted(set(args) - allowed))
broad = [a for a in args if a.startswith("--filesystem=") and a != "--filesystem=~/.aws:ro"]
broad += [a for a in args if a in ("--socket=x11", "--device=all", "--socket=session-bus",
                                   "--socket=system-bus") or a.startswith("--talk-name=org.freedesktop.Flatpak")]
check("no broad filesystem, device or bus access", not broad, broad)
check("network, display and keyring are there",
      {"--share=network", "--socket=wayland", "--socket=fallback-x11",
       "--talk-name=org.freedesktop.secrets"} <= set(args))

modules = manifest.get("modules", [])
main = modules[-1] if modules else {}
check("the app builds with Meson from this folder", main.get("buildsystem") == "meson" and
      any(s.get("type") == "dir" and s.get("path") == "." for s in main.get("sources", [])))

print(f"1..{len(results)}")
sys.exit(0 if all(results) else 1)
