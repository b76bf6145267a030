#!/usr/bin/env bash
# Formats the sources in place with the toolchain's swift-format and this repository's settings.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format format --in-place --recursive Sources Tests Benchmarks/Benchmarks Package.swift Benchmarks/Package.swift
