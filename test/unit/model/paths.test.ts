/**
 * The file-id helpers every layer reads files by (model/paths.ts): which path a
 * document names, and where the files beside it are. Pure string work, so the
 * results are the same on every platform.
 */
import * as assert from 'node:assert/strict';
import { baseName, besideFile, filePathOf, isAbsoluteAnywhere, joinId, toPath } from '../../../server/src/model/paths';

describe('model: file ids and paths', () => {
  it('filePathOf: a file URI decoded, a path as given (relative too), nothing for other schemes', () => {
    assert.equal(filePathOf('file:///etc/emqx/emqx.conf'), '/etc/emqx/emqx.conf');
    assert.equal(filePathOf('file:///srv/my%20emqx/emqx.conf'), '/srv/my emqx/emqx.conf');
    assert.equal(filePathOf('file:///C:/emqx/etc/emqx.conf'), 'C:/emqx/etc/emqx.conf');
    assert.equal(filePathOf('/etc/emqx/emqx.conf'), '/etc/emqx/emqx.conf');
    assert.equal(filePathOf('C:\\emqx\\etc\\emqx.conf'), 'C:\\emqx\\etc\\emqx.conf');
    assert.equal(filePathOf('etc/emqx.conf'), 'etc/emqx.conf');
    assert.equal(filePathOf('untitled:Untitled-1'), undefined);
    assert.equal(filePathOf('vscode-notebook-cell:/x.conf'), undefined);
  });

  it('besideFile: the name in the file’s folder, joined as written (nothing normalised)', () => {
    assert.equal(besideFile('/etc/emqx/emqx.conf', 'base.hocon'), '/etc/emqx/base.hocon');
    assert.equal(besideFile('/etc/emqx/ssl_dist.conf', '../certs/ca.pem'), '/etc/emqx/../certs/ca.pem');
    assert.equal(besideFile('C:\\emqx\\etc\\emqx.conf', 'base.hocon'), 'C:\\emqx\\etc/base.hocon');
    assert.equal(besideFile('/emqx.conf', 'base.hocon'), '/base.hocon');
    assert.equal(besideFile('emqx.conf', 'base.hocon'), './base.hocon');
  });

  it('isAbsoluteAnywhere: POSIX and Windows absolute paths on any platform', () => {
    for (const p of ['/etc/emqx', 'C:\\emqx', 'C:/emqx', '\\\\host\\share\\x']) assert.equal(isAbsoluteAnywhere(p), true, p);
    for (const p of ['etc/emqx', './x', 'C:emqx', '']) assert.equal(isAbsoluteAnywhere(p), false, p);
    // An absolute include wins over the including file's folder.
    assert.equal(joinId('file:///etc/emqx', '/opt/emqx/extra.conf'), 'file:///opt/emqx/extra.conf');
  });

  it('baseName: the last segment, decoded in a URI', () => {
    assert.equal(baseName('file:///srv/my%20emqx/ssl_dist.conf'), 'ssl_dist.conf');
    assert.equal(baseName('file:///srv/emqx/my%20emqx.conf'), 'my emqx.conf');
    assert.equal(baseName('C:\\emqx\\etc\\base.hocon'), 'base.hocon');
  });

  it('toPath: an absolute path or a file URI as the platform reads it; a relative path is no document path', () => {
    assert.equal(toPath('/etc/emqx/emqx.conf'), '/etc/emqx/emqx.conf');
    assert.equal(toPath('C:\\emqx\\emqx.conf'), 'C:\\emqx\\emqx.conf');
    if (process.platform !== 'win32') assert.equal(toPath('file:///srv/my%20emqx/emqx.conf'), '/srv/my emqx/emqx.conf');
    assert.equal(toPath('etc/emqx.conf'), undefined);
    assert.equal(toPath('untitled:Untitled-1'), undefined);
  });
});
