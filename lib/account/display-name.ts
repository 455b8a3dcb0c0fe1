/** The longest name a person can give themselves (shared by the form and its action). */
export const DISPLAY_NAME_MAX = 60
