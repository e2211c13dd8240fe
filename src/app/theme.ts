// Light and dark colour schemes through CSS variables: the `.light` / `.dark` class on <html>
// switches them without re-rendering, and MUI remembers the choice (light, dark or system).
import { createTheme } from '@mui/material/styles';

export const MODE_STORAGE_KEY = 'profile-console-theme';

export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'class' },
  colorSchemes: {
    light: {
      palette: {
        primary: { main: '#1466c9' },
        background: { default: '#f5f6f8', paper: '#ffffff' },
      },
    },
    dark: {
      palette: {
        primary: { main: '#74a8ff' },
        background: { default: '#111418', paper: '#1a1e24' },
      },
    },
  },
  shape: { borderRadius: 8 },
  typography: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    button: { textTransform: 'none', fontWeight: 600 },
  },
  components: {
    MuiAppBar: { defaultProps: { elevation: 0 } },
    MuiPaper: { defaultProps: { elevation: 0 } },
    MuiTooltip: { defaultProps: { arrow: true } },
  },
});
