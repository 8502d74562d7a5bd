import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  ProjectFileHandoff,
  projectFileFromArgv,
  registerFileAssociation,
  type FileAssociationApp,
} from '../../src-main/electron/fileAssociation';

/** `.clab` files from the system: launch arguments, a second launch, macOS open-file. */
describe('file association', () => {
  it('takes the last .clab argument of a command line, resolved against its folder', () => {
    expect(projectFileFromArgv(['/opt/Coherence Lab/coherence-lab', '/data/a.clab'], '/')).toBe(
      '/data/a.clab',
    );
    // Development: `electron . file.clab`, Chromium switches in between.
    expect(
      projectFileFromArgv(
        ['/x/electron', '.', '--no-sandbox', 'runs/b.CLAB', '--enable-logging'],
        '/home/me',
      ),
    ).toBe('/home/me/runs/b.CLAB');
    expect(projectFileFromArgv(['/x/electron', '.', 'notes.txt', '--flag=a.clab'], '/')).toBe(null);
    expect(projectFileFromArgv(['C:\\App\\lab.exe'], 'C:\\')).toBe(null);
    // A Linux desktop entry's %U hands over a file:// URL (spaces percent-encoded).
    expect(
      projectFileFromArgv(['/opt/lab/coherence-lab', 'file:///home/me/My%20Runs/c.clab'], '/'),
    ).toBe('/home/me/My Runs/c.clab');
    expect(projectFileFromArgv(['/opt/lab/coherence-lab', 'file://host/share/d.clab'], '/')).toBe(
      null,
    );
  });

  it('holds a file that arrives before the app is ready and opens later ones at once', () => {
    const handoff = new ProjectFileHandoff();
    const opened: string[] = [];
    handoff.receive('/early/one.clab');
    handoff.receive('/early/two.clab');
    expect(handoff.takePending()).toBe('/early/two.clab');
    expect(handoff.takePending()).toBe(null);
    handoff.receive('/early/three.clab');
    handoff.deliverTo((path) => opened.push(path));
    handoff.receive('/later.clab');
    expect(opened).toEqual(['/early/three.clab', '/later.clab']);
  });

  it('opens files from open-file and from a second launch, focusing the running window', () => {
    const app = new EventEmitter();
    const handoff = new ProjectFileHandoff();
    const opened: string[] = [];
    let focused = 0;
    registerFileAssociation(app as unknown as FileAssociationApp, handoff, () => focused++);
    handoff.deliverTo((path) => opened.push(path));

    let prevented = false;
    app.emit('open-file', { preventDefault: () => (prevented = true) }, '/Users/me/a.clab');
    expect(prevented).toBe(true);
    app.emit('second-instance', {}, ['/opt/lab/coherence-lab', 'b.clab'], '/home/me');
    app.emit('second-instance', {}, ['/opt/lab/coherence-lab'], '/home/me');
    expect(opened).toEqual(['/Users/me/a.clab', '/home/me/b.clab']);
    expect(focused).toBe(2);
  });
});
