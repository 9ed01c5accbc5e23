// Okabe–Ito colour names of the scene protocol → sRGB hex, and the ink that reads on each.

const PALETTE = {
  black: '#000000',
  orange: '#E69F00',
  sky_blue: '#56B4E9',
  bluish_green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddish_purple: '#CC79A7',
  grey: '#999999',
  white: '#FFFFFF',
};

/** Black or white, whichever has the higher contrast on `name`. */
function inkOn(name) {
  return ['black', 'blue', 'vermillion', 'bluish_green'].includes(name) ? '#FFFFFF' : '#000000';
}

const hexOf = (name) => PALETTE[name] || PALETTE.grey;

export { PALETTE, inkOn, hexOf };
