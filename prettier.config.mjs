// The house style as the code was written by hand: 2-space indent, single quotes, semicolons,
// trailing commas and long lines. printWidth 200 changes the fewest existing lines (messages
// are long strings that Prettier never breaks, and calls were written on one line up to ~200).
export default {
  printWidth: 200,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: true,
  quoteProps: 'as-needed',
  trailingComma: 'all',
  bracketSpacing: true,
  arrowParens: 'always',
  endOfLine: 'lf',
};
