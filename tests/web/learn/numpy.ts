// Whether Debian's python3-numpy is there for the read-back tests (checked once per file).
import { execFileSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

export function hasNumpy(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    console.warn('numpy is not installed (apt-get install -y python3-numpy): skipping the numpy read-back tests');
    return false;
  }
}
