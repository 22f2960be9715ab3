#!/usr/bin/env bash
# One command for the reference example: builds what the audit-query example needs, then runs it in demo mode.
# Demo mode starts a local Azurite Table service (npm-installed into .build/azurite on first use), seeds
# deterministic audit data, starts the audit API on http://localhost:7071 and walks submit -> poll -> result
# plus the five validation errors, printing every request and response. Exits non-zero on any mismatch.
#
#   ./run-example.sh                      # the walk, then stop
#   ./run-example.sh --keep-serving       # the walk, then keep serving (Ctrl+C stops)
#   ./run-example.sh --port=8080          # any option of AuditQueryApp (--help lists them)
#
# Needs JDK 17+, Maven 3.8+, Node.js and npm.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
for tool in java mvn node npm; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "run-example.sh: please install: ${missing[*]} (JDK 17+, Maven 3.8+, Node.js with npm)" >&2
  exit 2
fi

echo "Building the audit-query example and the modules it uses (mvn install -DskipTests)..."
# sources and Javadoc jars are for publishing; the example does not need them
mvn -B -q install -DskipTests -Dmaven.source.skip -Dmaven.javadoc.skip -pl examples/audit-query -am

args=$(printf ' %q' --demo "$@")
exec mvn -B -q -pl examples/audit-query exec:exec \
  -Dexec.executable=java \
  "-Dexec.args=-classpath %classpath dev.asyncapi.examples.audit.AuditQueryApp${args}"
