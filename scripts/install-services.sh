#!/usr/bin/env bash
# Install everything the workbench's real services need, on a Debian 12 machine, as root. Idempotent.
#
#   1. Debian packages: PostgreSQL 15, Redis, Chromium + chromedriver (browser tests), docker-compose
#      (only to validate docker-compose.yml), Java 17 + Maven (Elasticsearch and its plugin), curl, unzip.
#      Nothing is fetched when all of them are already installed.
#   2. A system user `elasticsearch` (Elasticsearch refuses to run as root).
#   3. Elasticsearch 8.14.1: Elastic's own distribution as published on Maven Central
#      (org.elasticsearch.distribution.integ-test-zip:elasticsearch:8.14.1:zip), unpacked into
#      services/elasticsearch/dist/ (git-ignored).
#   4. Our English analysis plugin (services/elasticsearch/analysis-plugin), built with Maven and
#      installed into that Elasticsearch with bin/elasticsearch-plugin.
#
# Environment knobs (all optional): ES_VERSION (8.14.1), JAVA17_HOME, SKIP_APT=1 (don't touch apt).
set -euo pipefail
umask 022

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ES_VERSION="${ES_VERSION:-8.14.1}"
ES_DIST_DIR="$REPO/services/elasticsearch/dist"
ES_HOME="$ES_DIST_DIR/elasticsearch-$ES_VERSION"
ES_ZIP="$ES_DIST_DIR/elasticsearch-$ES_VERSION.zip"
PLUGIN_SRC="$REPO/services/elasticsearch/analysis-plugin"
PLUGIN_NAME="workbench-analysis"
PLUGIN_STAMP="$ES_DIST_DIR/$PLUGIN_NAME.installed.sha256"
export DEBIAN_FRONTEND=noninteractive

log() { printf '[install-services %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[install-services] ERROR: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then exec sudo -E bash "$0" "$@"; fi
    die "must run as root (installs Debian packages and creates the elasticsearch user)"
fi

# ---------------------------------------------------------------- Debian packages
APT_PACKAGES=(
    postgresql postgresql-client
    redis-server redis-tools
    chromium chromium-driver
    docker-compose
    openjdk-17-jdk-headless maven
    curl unzip ca-certificates procps iproute2 util-linux
)

is_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

install_apt_packages() {
    local missing=() p
    for p in "${APT_PACKAGES[@]}"; do is_installed "$p" || missing+=("$p"); done
    if [ "${#missing[@]}" -eq 0 ]; then
        log "Debian packages: all present (${APT_PACKAGES[*]})"
        return
    fi
    [ "${SKIP_APT:-0}" = 1 ] && die "missing Debian packages and SKIP_APT=1: ${missing[*]}"
    log "Debian packages missing: ${missing[*]}"
    # Another apt/dpkg run may hold the lock: wait for it rather than fail.
    local apt=(apt-get -o DPkg::Lock::Timeout=900 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    # Don't let package scripts start the Debian-default PostgreSQL cluster / Redis on our ports
    # (there is no systemd here; services.sh runs private instances under .services/).
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
    fi
    "${apt[@]}" update -q
    "${apt[@]}" install -y -q --no-install-recommends "${missing[@]}" || {
        [ "$created_policy" = 1 ] && rm -f "$policy"
        die "apt-get install failed"
    }
    [ "$created_policy" = 1 ] && rm -f "$policy"
    log "Debian packages installed: ${missing[*]}"
}

# ---------------------------------------------------------------- Java 17
find_java17() {
    local c
    for c in "${JAVA17_HOME:-}" "${ES_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64 /usr/lib/jvm/java-17-openjdk; do
        if [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ]; then echo "$c"; return 0; fi
    done
    return 1
}

# ---------------------------------------------------------------- elasticsearch user
ensure_es_user() {
    if id elasticsearch >/dev/null 2>&1; then return; fi
    useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin elasticsearch
    log "created system user elasticsearch"
}

# ---------------------------------------------------------------- Elasticsearch distribution
install_es() {
    mkdir -p "$ES_DIST_DIR"
    if [ -x "$ES_HOME/bin/elasticsearch" ] && [ -f "$ES_HOME/lib/elasticsearch-$ES_VERSION.jar" ]; then
        log "Elasticsearch $ES_VERSION: present in ${ES_HOME#"$REPO"/}"
        return
    fi
    if [ ! -s "$ES_ZIP" ]; then
        log "Elasticsearch $ES_VERSION: fetching org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip from Maven Central"
        JAVA_HOME="$JAVA17" mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$M2_REPO" \
            org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
            -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
            -DoutputDirectory="$ES_DIST_DIR" -Dmdep.overWriteReleases=true
        [ -s "$ES_ZIP" ] || die "maven did not produce $ES_ZIP"
    fi
    local tmp="$ES_DIST_DIR/.unpack.$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    unzip -q "$ES_ZIP" -d "$tmp"
    [ -x "$tmp/elasticsearch-$ES_VERSION/bin/elasticsearch" ] || die "unexpected layout in $ES_ZIP"
    rm -rf "$ES_HOME" "$PLUGIN_STAMP"
    mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
    rm -rf "$tmp"
    chmod -R a+rX "$ES_HOME"
    log "Elasticsearch $ES_VERSION: unpacked into ${ES_HOME#"$REPO"/}"
}

# ---------------------------------------------------------------- analysis plugin
build_and_install_plugin() {
    local zip="$PLUGIN_SRC/target/$PLUGIN_NAME-1.0.0.zip"
    # named_components.json is the plugin's index of its @NamedComponent classes: keep the two in step.
    local name json="$PLUGIN_SRC/src/main/plugin-metadata/named_components.json"
    for name in $(grep -rhoE '@NamedComponent\("[^"]+"\)' "$PLUGIN_SRC/src/main/java" | sed -E 's/.*\("([^"]+)"\)/\1/'); do
        grep -q "\"$name\"" "$json" || die "@NamedComponent(\"$name\") is missing from ${json#"$REPO"/}"
    done
    local newest_src
    newest_src="$(find "$PLUGIN_SRC/pom.xml" "$PLUGIN_SRC/src" -type f -newer "$zip" 2>/dev/null | head -n1 || true)"
    if [ ! -s "$zip" ] || [ -n "$newest_src" ]; then
        log "analysis plugin: building (mvn -B -q -Dstyle.color=never package)"
        (cd "$PLUGIN_SRC" && JAVA_HOME="$JAVA17" mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$M2_REPO" package)
        [ -s "$zip" ] || die "plugin build did not produce $zip"
    else
        log "analysis plugin: up to date (${zip#"$REPO"/})"
    fi
    local sha
    sha="$(sha256sum "$zip" | cut -d' ' -f1)"
    if [ -d "$ES_HOME/plugins/$PLUGIN_NAME" ] && [ -f "$PLUGIN_STAMP" ] && [ "$(cat "$PLUGIN_STAMP")" = "$sha" ]; then
        log "analysis plugin: installed in Elasticsearch"
        return
    fi
    local cli=(env ES_JAVA_HOME="$JAVA17" ES_PATH_CONF="$ES_HOME/config" "$ES_HOME/bin/elasticsearch-plugin")
    if [ -d "$ES_HOME/plugins/$PLUGIN_NAME" ]; then
        "${cli[@]}" remove --purge "$PLUGIN_NAME" >/dev/null || rm -rf "$ES_HOME/plugins/$PLUGIN_NAME"
    fi
    "${cli[@]}" install --batch "file://$zip"
    chmod -R a+rX "$ES_HOME/plugins"
    echo "$sha" >"$PLUGIN_STAMP"
    log "analysis plugin: installed ($PLUGIN_NAME, sha256 ${sha:0:12})"
}

start=$(date +%s)
install_apt_packages
JAVA17="$(find_java17)" || die "no Java 17 JDK found (install openjdk-17-jdk-headless)"
command -v mvn >/dev/null 2>&1 || die "mvn not found (install maven)"
M2_REPO="${MAVEN_REPO_LOCAL:-${HOME:-/root}/.m2/repository}"
ensure_es_user
install_es
build_and_install_plugin
log "done in $(( $(date +%s) - start ))s"
