using System.Globalization;
using System.Text;

namespace Scraper.Http;

/// <summary>Replaces a character the form's charset cannot encode with <c>&amp;#N;</c>, as browsers do.</summary>
internal sealed class CharacterReferenceEncoderFallback : EncoderFallback
{
    public override int MaxCharCount => 16;

    public override EncoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

    private sealed class Buffer : EncoderFallbackBuffer
    {
        private string _replacement = string.Empty;
        private int _position;

        public override int Remaining => _replacement.Length - _position;

        public override bool Fallback(char charUnknown, int index) => Set(charUnknown);

        public override bool Fallback(char charUnknownHigh, char charUnknownLow, int index) =>
            Set(char.ConvertToUtf32(charUnknownHigh, charUnknownLow));

        public override char GetNextChar() => _position < _replacement.Length ? _replacement[_position++] : '\0';

        public override bool MovePrevious()
        {
            if (_position == 0)
            {
                return false;
            }

            _position--;
            return true;
        }

        public override void Reset()
        {
            _replacement = string.Empty;
            _position = 0;
        }

        private bool Set(int codePoint)
        {
            _replacement = "&#" + codePoint.ToString(CultureInfo.InvariantCulture) + ";";
            _position = 0;
            return true;
        }
    }
}
