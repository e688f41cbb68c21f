# Sourced by the bench scripts that run one of bench/*.java: builds what is missing, changes to the
# checkout's root and compiles the given sources against the CLI's classpath into a temporary
# folder that is removed when the script exits.
#   source "$(dirname "${BASH_SOURCE[0]}")/compiled.sh" bench/X.java   # then: java -cp "$classes:$CP" X ...
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./streamnet --version >/dev/null   # builds what is missing
CP="cli/target/classes:$(cat cli/target/classpath.txt)"
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac -nowarn -d "$classes" -cp "$CP" "$@"
