// Whether Debian's python3-numpy (and python3-torch) are there for the read-back tests
// (checked once per file).
import { execFileSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/** `python3 -c "import …"` works; otherwise says what to install and what is skipped. */
export function hasPython(modules: string, install: string, skipped: string): boolean {
  try {
    execFileSync(PYTHON, ['-c', `import ${modules}`], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    console.warn(`${modules} not importable (${install}): skipping ${skipped}`);
    return false;
  }
}

export function hasNumpy(): boolean {
  return hasPython('numpy', 'apt-get install -y python3-numpy', 'the numpy read-back tests');
}
