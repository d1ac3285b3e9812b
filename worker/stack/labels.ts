/**
 * Compose's labels: every container, network and volume of a project carries
 * them, so `orc compose ps` (and any tool that reads Docker Compose's labels)
 * finds a project's objects without another index.
 */
export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  configHash: 'com.docker.compose.config-hash',
  oneoff: 'com.docker.compose.oneoff',
  dependsOn: 'com.docker.compose.depends_on',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  version: 'com.docker.compose.version',
  image: 'com.docker.compose.image',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  replace: 'com.docker.compose.replace',
  /** a one-off container's 64-hex slug (`run`) */
  slug: 'com.docker.compose.slug',
} as const;

/** The Compose version these labels claim to follow. */
export const COMPOSE_VERSION = '2.29.0';
