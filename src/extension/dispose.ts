/**
 * Disposal in one place, for classes that own editor resources (event
 * subscriptions, watchers, status bar items, panels): each is registered
 * once, where it is made, and all are released together, once.
 */
import type * as vscode from 'vscode';

/**
 * Disposes every item, each even if an earlier one throws; then throws the
 * first error, or all of them together when there were several.
 */
export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  const errors: unknown[] = [];
  for (const disposable of disposables) {
    try {
      disposable.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'Several disposables failed to dispose');
}

export abstract class Disposable implements vscode.Disposable {
  private disposed = false;
  private readonly registered: vscode.Disposable[] = [];

  /** True from the first `dispose()` on. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Releases everything registered, in the order it was registered. A second call does nothing. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.registered.splice(0));
  }

  /** Keeps `disposable` until this object is disposed; one registered after that is disposed at once, so nothing outlives its owner. */
  protected _register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) disposable.dispose();
    else this.registered.push(disposable);
    return disposable;
  }
}
