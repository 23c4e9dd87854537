import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'weui/dist/style/weui.min.css';

function App() {
  return <div className="weui-msg">Gongzhong</div>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
