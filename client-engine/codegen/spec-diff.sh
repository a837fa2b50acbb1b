#!/usr/bin/env bash
# Lists what changed in Kafka's protocol message specs between the pinned kafka-clients release (kafka.version in
# the root pom) and another release: added and removed spec files, and for each changed spec its version ranges
# and the full diff. Run it before moving kafka.version, then regenerate and let the golden tests judge.
#   client-engine/codegen/spec-diff.sh 4.5.0
set -euo pipefail
other=${1:?usage: spec-diff.sh OTHER_KAFKA_VERSION}
root=$(cd "$(dirname "$0")/../.." && pwd)
pinned=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/pom.xml" | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

specs() {
  local version=$1
  mvn -B -q dependency:get -Dartifact="org.apache.kafka:kafka-clients:$version" -Dtransitive=false >/dev/null
  local jar="$HOME/.m2/repository/org/apache/kafka/kafka-clients/$version/kafka-clients-$version.jar"
  mkdir -p "$work/$version"
  unzip -q -o "$jar" 'common/message/*.json' -d "$work/$version"
}

specs "$pinned"
specs "$other"
a="$work/$pinned/common/message"
b="$work/$other/common/message"
echo "Protocol specs: kafka-clients $pinned (pinned) -> $other"
comm -13 <(ls "$a") <(ls "$b") | sed 's/^/added:   /'
comm -23 <(ls "$a") <(ls "$b") | sed 's/^/removed: /'
for f in $(comm -12 <(ls "$a") <(ls "$b")); do
  if ! cmp -s "$a/$f" "$b/$f"; then
    echo "changed: $f  ($(grep -ho '"validVersions": *"[^"]*"' "$a/$f") -> $(grep -ho '"validVersions": *"[^"]*"' "$b/$f"))"
  fi
done
echo
diff -ru "$a" "$b" || true
