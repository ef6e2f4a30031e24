/** Where the console lives on the sandbox's own host; the H5 answer points its `h5_url` at the cashier. */
export const CONSOLE_PATH = '/sandbox/console';
export const CASHIER_PATH = `${CONSOLE_PATH}/cashier`;
