# Shared by the bench scripts (sourced). Needs $project and $stack set by the caller.

# dc ARGS...: docker-compose on the bench stack.
dc() { docker-compose -p "$project" --project-directory "$stack" -f "$stack/docker-compose.yml" "$@"; }

# teardown: remove the bench stack, also when compose itself cannot (partial runs, a missing file).
teardown() {
  if [[ -f $stack/docker-compose.yml ]]; then dc down -t 1 --remove-orphans >/dev/null 2>&1 || true; fi
  local ids
  ids=$(docker ps -aq --filter "label=com.docker.compose.project=$project")
  [[ -z $ids ]] || docker rm -f $ids >/dev/null 2>&1 || true
  docker network rm "${project}_default" >/dev/null 2>&1 || true
}
