// The one error a misconfigured or incompatible PostgreSQL store raises. Its message is for
// the person setting the store up, so it names the server and database but never a password.
export class StoreConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreConfigError';
  }
}
