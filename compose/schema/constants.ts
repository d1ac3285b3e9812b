/** Schema patterns shared by model.ts and validate.ts (which must not import TypeBox: it is slow to load). */

/** Keys of user-defined resources (services, networks, volumes, ...). */
export const RESOURCE_NAME_PATTERN = '^[a-zA-Z0-9._-]+$';
/** Extension keys, allowed at the top level and in most mappings. */
export const EXTENSION_KEY_PATTERN = '^x-';
