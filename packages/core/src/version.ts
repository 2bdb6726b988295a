/** The toolkit version, recorded in every signature and run config. */
export const VERSION = '0.1.0';
